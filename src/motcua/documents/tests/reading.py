"""How the tests read a PDF back as a person would: its text (pypdf), and its QR codes
from the page as printed (Debian's ``pdftoppm`` rasterises it, zxing-cpp decodes)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pypdf
import zxingcpp


def pdf_pages(pdf: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pdf_text(pdf: bytes) -> str:
    """The text of every page, runs of white space (line breaks included) as one space.
    The extracted text must already be NFC: a decomposed "ễ" would fail the forms'
    searches and copy-paste."""
    text = " ".join(page.extract_text() for page in pdf_pages(pdf))
    assert unicodedata.is_normalized("NFC", text)
    return " ".join(text.split())


def pdf_qr_codes(pdf: bytes, *, page: int = 1, dpi: int = 150) -> list[str]:
    """The QR codes on ``page``, decoded from a greyscale raster of it."""
    binary = shutil.which("pdftoppm")
    assert binary, "pdftoppm is missing: apt-get install poppler-utils (scripts/system-deps.sh)"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "form.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 (a fixed binary, our own file)
            [
                binary,
                "-gray",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                source,
                Path(folder) / "page",
            ],
            check=True,
            timeout=60,
        )
        raster = next(Path(folder).glob("page*.pgm")).read_bytes()
    magic, size, _depth, pixels = raster.split(b"\n", 3)
    assert magic == b"P5"
    width, height = map(int, size.split())
    image = memoryview(pixels).cast("B", (height, width))
    return [result.text for result in zxingcpp.read_barcodes(image)]
