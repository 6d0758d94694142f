"""Bar charts drawn on the server as inline SVG (issue 7 §4: no JavaScript, no CDN):
the geometry here, the drawing in ``templates/office/dashboard/bars.svg.html``. The
numbers are always in a table beside the chart too, for screen readers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

WIDTH, HEIGHT, BASE = 600, 200, 170  # viewBox; bars grow up from y = BASE
WIDEST = 60  # one or two bars stay bars, not a wall


def bar_chart(
    items: list[tuple[str, int | Decimal | None]], top: int | None = None
) -> dict[str, Any]:
    """Vertical bars for ``(label, value)``; the tallest bar is ``top`` (or the largest
    value). A None value (no data) draws no bar and is labelled "—"."""
    values = [v for _, v in items if v is not None]
    scale = Decimal(top if top is not None else max(values, default=0) or 1)
    slot = Decimal(WIDTH) / max(len(items), 1)
    bars = []
    for index, (label, value) in enumerate(items):
        height = int(Decimal(BASE - 20) * Decimal(value or 0) / scale) if value is not None else 0
        width = max(min(int(slot * 8 / 10), WIDEST), 1)
        centre = int(slot * index + slot / 2)
        bars.append(
            {
                "label": label,
                "value": value,
                "x": centre - width // 2,
                "centre": centre,
                "y": BASE - height,
                "width": width,
                "height": height,
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "base": BASE, "bars": bars}
