import datetime as dt

import pytest

from motcua.agencies.constants import AgencyKind, DivisionLevel
from motcua.catalog.constants import ProcedureLevel
from motcua.catalog.selectors import (
    field_list,
    procedure_get_public,
    procedure_search,
    procedure_version_for_intake,
    procedure_version_in_force,
    procedure_versions_in_force,
)
from motcua.catalog.tests.factories import (
    AgencyFactory,
    ExemptionCategoryFactory,
    FeeLineFactory,
    FieldFactory,
    LegalBasisFactory,
    ParticipantFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    ProcessStepFactory,
    RequiredComponentFactory,
)
from motcua.core.exceptions import NotFoundError

pytestmark = pytest.mark.django_db

JUNE = dt.date(2026, 6, 1)  # the published trait is in force from 1/1/2026


def _in_force(name, code=None, **procedure_fields):
    """A procedure with a version in force from 1/1/2026."""
    kwargs = {"name": name, **procedure_fields}
    if code is not None:
        kwargs["code"] = code
    procedure = ProcedureFactory(**kwargs)
    version = ProcedureVersionFactory(procedure=procedure, published=True)
    return procedure, version


def _codes(queryset):
    return [procedure.code for procedure in queryset]


def _names(queryset):
    return [procedure.name for procedure in queryset]


# --- in force --------------------------------------------------------------------------


def test_version_in_force_at_past_and_future_dates():
    procedure = ProcedureFactory()
    old = ProcedureVersionFactory(procedure=procedure, superseded=True)  # 2025-01-01..2026-01-01
    current = ProcedureVersionFactory(procedure=procedure, published=True)  # from 2026-01-01
    ProcedureVersionFactory(procedure=procedure)  # a draft is never in force

    assert procedure_version_in_force(procedure=procedure, at=dt.date(2024, 12, 31)) is None
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2025, 1, 1)) == old
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2025, 12, 31)) == old
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2026, 1, 1)) == current
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2099, 1, 1)) == current


def test_version_in_force_reads_a_datetime_in_local_time():
    procedure = ProcedureFactory()
    old = ProcedureVersionFactory(procedure=procedure, superseded=True)
    current = ProcedureVersionFactory(procedure=procedure, published=True)
    # 31/12/2025 17:30 UTC is already 1/1/2026 00:30 in Hà Nội: the new text applies.
    at = dt.datetime(2025, 12, 31, 17, 30, tzinfo=dt.UTC)
    assert procedure_version_in_force(procedure=procedure, at=at) == current
    at = dt.datetime(2025, 12, 31, 16, 59, tzinfo=dt.UTC)
    assert procedure_version_in_force(procedure=procedure, at=at) == old


def test_version_in_force_defaults_to_today_in_local_time(frozen_now):
    procedure = ProcedureFactory()
    version = ProcedureVersionFactory(
        procedure=procedure, published=True, effective_from=dt.date(2026, 3, 2)
    )
    # frozen_now is 1 March 18:30 UTC, 2 March in Hà Nội.
    assert procedure_version_in_force(procedure=procedure) == version


def test_abolished_versions_are_in_force_until_their_end():
    version = ProcedureVersionFactory(abolished=True)  # 2025-01-01..2025-07-01
    procedure = version.procedure
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2025, 6, 30)) == version
    assert procedure_version_in_force(procedure=procedure, at=dt.date(2025, 7, 1)) is None


def test_versions_in_force_for_a_page_of_procedures():
    first, first_version = _in_force("Một")
    second, second_version = _in_force("Hai")
    nothing = ProcedureFactory()
    ProcedureVersionFactory(procedure=nothing)
    versions = procedure_versions_in_force(procedures=[first, second, nothing], at=JUNE)
    assert versions == {first.pk: first_version, second.pk: second_version}
    assert procedure_versions_in_force(procedures=[first], at=dt.date(2025, 6, 1)) == {}


# --- search ------------------------------------------------------------------------------


def test_search_lists_only_procedures_in_force_by_name():
    _in_force("Cấp giấy phép xây dựng")
    _in_force("Đăng ký khai sinh")
    _in_force("Chứng thực bản sao")
    ProcedureVersionFactory(procedure=ProcedureFactory(name="Chỉ có dự thảo"))
    ProcedureVersionFactory(procedure=ProcedureFactory(name="Đã bãi bỏ"), abolished=True)
    future = ProcedureFactory(name="Áp dụng từ năm sau")
    ProcedureVersionFactory(procedure=future, published=True, effective_from=dt.date(2027, 1, 1))

    assert _names(procedure_search(at=JUNE)) == [
        "Chứng thực bản sao",
        "Cấp giấy phép xây dựng",
        "Đăng ký khai sinh",
    ]
    assert "Áp dụng từ năm sau" in _names(procedure_search(at=dt.date(2027, 1, 1)))
    assert "Đã bãi bỏ" in _names(procedure_search(at=dt.date(2025, 3, 1)))


def test_search_defaults_to_today(frozen_now):
    _in_force("Đăng ký khai sinh")
    later = ProcedureFactory(name="Đăng ký kết hôn")
    ProcedureVersionFactory(procedure=later, published=True, effective_from=dt.date(2026, 3, 3))
    assert _names(procedure_search(q="dang ky")) == ["Đăng ký khai sinh"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("dang ky khai sinh", ["Đăng ký khai sinh"]),
        ("Đăng ký khai sinh", ["Đăng ký khai sinh"]),
        ("ĐĂNG KÝ KHAI SINH", ["Đăng ký khai sinh"]),
        ("đang ky", ["Đăng ký khai sinh"]),
        # "Đ" folds to "d": the name starting with it first, then names containing it,
        # the shorter (more general) name first.
        (
            "Đ",
            [
                "Đăng ký khai sinh",
                "Cấp giấy phép xây dựng",
                "Cấp giấy chứng nhận đủ điều kiện kinh doanh",
            ],
        ),
        ("giay phep xay dung", ["Cấp giấy phép xây dựng"]),
        ("xay dung giay phep", ["Cấp giấy phép xây dựng"]),
        ("  GIẤY   phép  ", ["Cấp giấy phép xây dựng"]),
        ("du dieu kien", ["Cấp giấy chứng nhận đủ điều kiện kinh doanh"]),
        ("giay", ["Cấp giấy phép xây dựng", "Cấp giấy chứng nhận đủ điều kiện kinh doanh"]),
        ("giay khai sinh", []),
        ("1.001193", ["Đăng ký khai sinh"]),
        ("100%", []),
    ],
)
def test_search_folds_diacritics_and_needs_every_word(q, expected):
    _in_force("Đăng ký khai sinh", code="1.001193")
    _in_force("Cấp giấy phép xây dựng", code="1.009794")
    _in_force("Cấp giấy chứng nhận đủ điều kiện kinh doanh", code="2.000001")
    assert _names(procedure_search(q=q, at=JUNE)) == expected


def test_search_ranks_code_then_equal_then_prefix_then_phrase_then_words():
    _in_force("Đăng ký lại khai sinh", code="1.000001")
    _in_force("Liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế", code="1.000002")
    _in_force("Đăng ký khai sinh lưu động", code="1.000003")
    _in_force("Đăng ký khai sinh có yếu tố nước ngoài", code="1.000004")
    _in_force("Đăng ký khai sinh", code="1.000005")
    _in_force("Cấp bản sao trích lục khai sinh", code="1.000006")

    assert _names(procedure_search(q="dang ky khai sinh", at=JUNE)) == [
        "Đăng ký khai sinh",  # folded name equal to the phrase
        "Đăng ký khai sinh lưu động",  # starts with it (ties: shorter name first)
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Liên thông đăng ký khai sinh, cấp thẻ bảo hiểm y tế",  # contains it
        "Đăng ký lại khai sinh",  # every word, not the phrase
    ]


def test_search_puts_the_exact_code_first():
    _in_force("A – ghi mã 2.000635 trong tên", code="1.000001")
    _in_force("Thủ tục có mã dài hơn", code="2.0006350")
    _in_force("Thủ tục được tìm", code="2.000635")
    assert _codes(procedure_search(q="2.000635", at=JUNE)) == ["2.000635", "1.000001", "2.0006350"]


def test_search_filters_by_field_and_level():
    ho_tich = FieldFactory(code="ho-tich", name="Hộ tịch")
    xay_dung = FieldFactory(code="xay-dung", name="Xây dựng")
    _in_force("Đăng ký khai sinh", field=ho_tich, level=ProcedureLevel.COMMUNE)
    _in_force("Đăng ký khai tử", field=ho_tich, level=ProcedureLevel.COMMUNE)
    _in_force("Cấp giấy phép xây dựng", field=xay_dung, level=ProcedureLevel.PROVINCE)
    _in_force("Cấp giấy phép xây dựng nhà ở riêng lẻ", field=xay_dung, level=ProcedureLevel.COMMUNE)

    assert _names(procedure_search(field="ho-tich", at=JUNE)) == [
        "Đăng ký khai sinh",
        "Đăng ký khai tử",
    ]
    assert _names(procedure_search(level="commune", field="xay-dung", at=JUNE)) == [
        "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    ]
    assert _names(procedure_search(q="giay phep", level="province", at=JUNE)) == [
        "Cấp giấy phép xây dựng"
    ]
    assert _names(procedure_search(field="khong-co", at=JUNE)) == []


def test_search_by_agency_covers_its_direct_children_in_the_version_in_force():
    committee = AgencyFactory(
        code="H99", kind=AgencyKind.PROVINCIAL_COMMITTEE, level=DivisionLevel.PROVINCE
    )
    department = AgencyFactory(code="H99.10", parent=committee)
    office = AgencyFactory(code="H99.10.01", parent=department)
    other = AgencyFactory(code="H98")
    _, by_committee = _in_force("Thủ tục của UBND tỉnh")
    by_committee.agencies.set([committee])
    _, by_department = _in_force("Thủ tục của Sở")
    by_department.agencies.set([department])
    _, by_office = _in_force("Thủ tục của phòng thuộc Sở")
    by_office.agencies.set([office])
    _, elsewhere = _in_force("Thủ tục của tỉnh khác")
    elsewhere.agencies.set([other])
    moved = ProcedureFactory(name="Thủ tục đã chuyển cơ quan")
    old = ProcedureVersionFactory(procedure=moved, superseded=True)
    old.agencies.set([department])
    ProcedureVersionFactory(procedure=moved, published=True).agencies.set([other])

    assert _names(procedure_search(agency="H99", at=JUNE)) == [
        "Thủ tục của Sở",
        "Thủ tục của UBND tỉnh",
    ]
    assert _names(procedure_search(agency="H99.10", at=JUNE)) == [
        "Thủ tục của Sở",
        "Thủ tục của phòng thuộc Sở",
    ]
    # On a date when the old version was in force, the moved procedure is the Sở's.
    assert "Thủ tục đã chuyển cơ quan" in _names(
        procedure_search(agency="H99.10", at=dt.date(2025, 6, 1))
    )
    assert _names(procedure_search(agency="H98", q="thu tuc", at=JUNE)) == [
        "Thủ tục của tỉnh khác",
        "Thủ tục đã chuyển cơ quan",
    ]


def test_search_does_not_repeat_a_procedure_listed_with_several_agencies():
    parent = AgencyFactory(code="H97")
    _, version = _in_force("Thủ tục liên thông")
    version.agencies.set([parent, AgencyFactory(code="H97.1", parent=parent)])
    assert _names(procedure_search(agency="H97", at=JUNE)) == ["Thủ tục liên thông"]


# --- public detail and fields ------------------------------------------------------------


def test_get_public_returns_the_version_in_force_with_its_lists(django_assert_num_queries):
    procedure, old = _in_force("Cấp giấy phép xây dựng", code="1.009794")
    old.status, old.effective_to = "superseded", dt.date(2026, 5, 1)
    old.save()
    current = ProcedureVersionFactory(
        procedure=procedure, published=True, effective_from=dt.date(2026, 5, 1)
    )
    agency = AgencyFactory()
    current.agencies.set([agency])
    RequiredComponentFactory(version=current, name="Đơn đề nghị")
    fee = FeeLineFactory(version=current, amount=75_000)
    fee.exemptions.set([ExemptionCategoryFactory(code="ho-ngheo")])
    LegalBasisFactory(version=current, number="50/2014/QH13")
    participant = ParticipantFactory(version=current, agency=agency)
    ProcessStepFactory(version=current, participant=participant)

    # The version with its procedure and field, then one per list (components, fees,
    # exemptions, legal bases, steps, participants, agencies).
    with django_assert_num_queries(8):
        found, version = procedure_get_public(code="1.009794", at=JUNE)
        assert [c.name for c in version.components.all()] == ["Đơn đề nghị"]
        assert [[e.code for e in f.exemptions.all()] for f in version.fees.all()] == [["ho-ngheo"]]
        assert [b.number for b in version.legal_bases.all()] == ["50/2014/QH13"]
        assert [p.agency for p in version.participants.all()] == [agency]
        assert [s.participant for s in version.steps.all()] == [participant]
        assert list(version.agencies.all()) == [agency]
        assert found.field.name and version.procedure is found
    assert (found, version) == (procedure, current)
    assert procedure_get_public(code="1.009794", at=dt.date(2026, 4, 30))[1] == old


def test_intake_reads_a_published_version_once_per_process(django_assert_num_queries):
    _procedure, version = _in_force("Đăng ký khai sinh", code="1.001193")
    agency = AgencyFactory()
    version.agencies.set([agency])
    RequiredComponentFactory(version=version, name="Tờ khai đăng ký khai sinh")
    first = procedure_version_for_intake(code="1.001193", at=JUNE)
    # Afterwards one statement finds which version is in force; its papers and
    # agencies come from what was read the first time.
    with django_assert_num_queries(1):
        again = procedure_version_for_intake(code="1.001193", at=JUNE)
        assert [c.name for c in again.components.all()] == ["Tờ khai đăng ký khai sinh"]
        assert list(again.agencies.all()) == [agency]
        assert again.procedure.name == "Đăng ký khai sinh"
    assert again is first


def test_intake_sees_a_renamed_procedure_and_a_new_version_at_once():
    procedure, old = _in_force("Đăng ký khai sinh", code="1.001193")
    RequiredComponentFactory(version=old, name="Tờ khai cũ")
    assert procedure_version_for_intake(code="1.001193", at=JUNE).procedure.name == (
        "Đăng ký khai sinh"
    )
    procedure.name = "Đăng ký khai sinh (cấp bản chính)"
    procedure.save()
    assert procedure_version_for_intake(code="1.001193", at=JUNE).procedure.name == (
        "Đăng ký khai sinh (cấp bản chính)"
    )
    old.status, old.effective_to = "superseded", dt.date(2026, 5, 1)
    old.save()
    new = ProcedureVersionFactory(
        procedure=procedure, published=True, effective_from=dt.date(2026, 5, 1)
    )
    RequiredComponentFactory(version=new, name="Tờ khai mới")
    found = procedure_version_for_intake(code="1.001193", at=JUNE)
    assert found == new
    assert [c.name for c in found.components.all()] == ["Tờ khai mới"]
    # On a date the old text was in force, the old one with its own papers.
    earlier = procedure_version_for_intake(code="1.001193", at=dt.date(2026, 4, 1))
    assert [c.name for c in earlier.components.all()] == ["Tờ khai cũ"]


def test_intake_of_an_unknown_procedure_is_not_found():
    with pytest.raises(NotFoundError) as caught:
        procedure_version_for_intake(code="9.999999", at=JUNE)
    assert caught.value.code == "procedure_not_found"


@pytest.mark.parametrize(
    ("code", "at"),
    [("9.999999", JUNE), ("1.009794", dt.date(2025, 12, 31))],
)
def test_get_public_refuses_unknown_codes_and_procedures_not_in_force(code, at):
    _in_force("Cấp giấy phép xây dựng", code="1.009794")
    with pytest.raises(NotFoundError) as error:
        procedure_get_public(code=code, at=at)
    assert error.value.code == "procedure_not_found"
    assert error.value.http_status == 404
    assert error.value.detail == {"code": code}


def test_field_list_is_by_name():
    FieldFactory(code="xay-dung", name="Xây dựng")
    FieldFactory(code="dat-dai", name="Đất đai")
    FieldFactory(code="ho-tich", name="Hộ tịch")
    assert [f.code for f in field_list()] == ["ho-tich", "xay-dung", "dat-dai"]
