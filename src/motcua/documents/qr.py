"""QR codes as SVG (segno: no dependencies), for embedding in a Typst document."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as a standalone SVG document (one unit per module, a
    two-module quiet zone; the template scales it). Error correction M: a receipt
    folded or stamped over still scans. A fixed mask pattern: choosing the best of the
    eight costs three quarters of the whole receipt's time (segno scores every one), and
    any mask reads the same (ISO/IEC 18004 §7.8)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", boost_error=False, mask=0).save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=1, border=2, nl=False
    )
    return buffer.getvalue().decode("ascii")
