"""How public tracking shows an applicant's name (nothing personal beyond the family
name and initials)."""

from __future__ import annotations

import pytest

from motcua.workflow.selectors import mask_person_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Nguyễn Văn An", "Nguyễn V** A*"),
        ("Trần Thị Ngọc Bích", "Trần T** N*** B***"),
        ("Lê   Thu", "Lê T**"),
        ("Đạt", "Đ**"),
        ("", ""),
    ],
)
def test_names_keep_the_family_name_and_initials(name, shown):
    assert mask_person_name(name) == shown
