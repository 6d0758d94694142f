"""Typst templates → PDF bytes.

The data reaches the template as one JSON string in ``sys.inputs.data`` (every
template starts with ``#let data = json(bytes(sys.inputs.data))``), already formatted
by the caller: a template lays out text, it never computes a date or a rule.

Fonts come only from ``fonts/`` (Tinos, the Times-metric face of the forms): the
system's and Typst's embedded fonts are left out, so a PDF looks the same on every
machine. One ``typst.Compiler`` per template and process keeps the parsed template and
the loaded fonts between renders (a receipt in ~30 ms rather than ~150 ms with a fresh
compiler, docs/benchmarks.md); it is not shared between threads at once, so each has
its lock.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from pathlib import Path
from typing import Any

import typst

TEMPLATES = Path(__file__).resolve().parent / "typst"
FONTS = Path(__file__).resolve().parent / "fonts"
_NAME = re.compile(r"mau_[0-9]{2}")  # the forms; common.typ is their library


@functools.cache
def _fonts() -> typst.Fonts:
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)]
    )


@functools.cache
def _compiler(template: str) -> tuple[typst.Compiler, threading.Lock]:
    path = TEMPLATES / f"{template}.typ"
    if not _NAME.fullmatch(template) or not path.is_file():
        raise ValueError(f"no form template {template!r}")
    compiler = typst.Compiler(
        input=str(path), root=str(TEMPLATES), font_paths=_fonts(), ignore_system_fonts=True
    )
    return compiler, threading.Lock()


def pdf_render(*, template: str, data: dict[str, Any]) -> bytes:
    """The PDF of ``typst/<template>.typ`` filled with ``data`` (JSON-serialisable)."""
    compiler, lock = _compiler(template)
    inputs = {"data": json.dumps(data, ensure_ascii=False)}
    with lock:
        pdf = compiler.compile(format="pdf", sys_inputs=inputs)
    if not isinstance(pdf, bytes):  # a PDF is one document, never a list of pages
        raise TypeError("typst returned pages instead of one PDF")
    return pdf
