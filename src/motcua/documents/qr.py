"""QR codes as SVG (segno: no dependencies), for embedding in a Typst document."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as a standalone SVG document (one unit per module, a
    two-module quiet zone; the template scales it). Error correction M: a receipt
    folded or stamped over still scans."""
    buffer = io.BytesIO()
    segno.make(text, error="m", boost_error=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=1, border=2, nl=False
    )
    return buffer.getvalue().decode("ascii")
