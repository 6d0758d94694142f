"""Vietnamese text: NFC storage and diacritic folding for search.

DESIGN.md, Conventions: store NFC; search folds diacritics and đ→d, so that
"giay phep xay dung" finds "Giấy phép xây dựng".
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Normalise to NFC and collapse runs of white space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map đ/Đ to d: the form search compares."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
