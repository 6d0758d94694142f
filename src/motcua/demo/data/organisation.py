"""The demo province: Vĩnh Long after 1 July 2025, its agencies and one-stop units.

Resolution 202/2025/QH15 merged the former provinces of Vĩnh Long, Bến Tre and Trà
Vinh into the new Vĩnh Long (province code 86 in ``vietnam-provinces``, seat in the
former Vĩnh Long city). The communes below are real wards of the new province, as named
in the package (codes of Decision 19/2025/QĐ-TTg).

Agency codes follow the dotted pattern of the electronic identifiers of Decision
20/2020/QĐ-TTg: ``000.00.00.H62`` for the provincial People's Committee and
``000.00.xx.H62`` for the agencies under it. **They are illustrative**: the letter-digit
province part (H62) and the numbers after it were not checked against the list the
Government Office publishes, and vertical branches (police, tax, social insurance)
really take their codes from their ministry's tree. Street addresses are left out.
"""

from __future__ import annotations

from motcua.agencies.constants import AgencyKind, DivisionLevel, OneStopUnitKind
from motcua.demo.data.types import AgencySpec, OneStopUnitSpec, UnitSpec

PROVINCE_CODE = 86

PROVINCE_DIVISION = "86"

PROVINCIAL_COMMITTEE = "000.00.00.H62"
PROVINCIAL_CENTRE = "TTPVHCC-VL"

# Departments (sở) of the provincial People's Committee, after the 2025 mergers
# (Sở Kế hoạch và Đầu tư into Sở Tài chính; Sở Tài nguyên và Môi trường with Sở Nông
# nghiệp và Phát triển nông thôn; Sở Lao động - Thương binh và Xã hội into Sở Nội vụ;
# Sở Giao thông vận tải into Sở Xây dựng).
SO_NOI_VU = "000.00.01.H62"
SO_TU_PHAP = "000.00.02.H62"
SO_TAI_CHINH = "000.00.03.H62"
SO_XAY_DUNG = "000.00.04.H62"
SO_NONG_NGHIEP_MOI_TRUONG = "000.00.05.H62"
SO_Y_TE = "000.00.06.H62"
SO_GIAO_DUC = "000.00.07.H62"

# Vertical branches of central agencies working in the province.
CONG_AN_TINH = "000.00.81.H62"
THUE_TINH = "000.00.82.H62"
BHXH_TINH = "000.00.83.H62"

# Commune-level People's Committees (UBND phường) with their ``vietnam-provinces`` codes.
UBND_LONG_CHAU = "000.00.51.H62"
UBND_PHUOC_HAU = "000.00.52.H62"
UBND_THANH_DUC = "000.00.53.H62"
UBND_AN_HOI = "000.00.54.H62"
UBND_TRA_VINH = "000.00.55.H62"

_PROVINCE_ADDRESS = "tỉnh Vĩnh Long"


def _commune_units() -> tuple[UnitSpec, ...]:
    # Decree 150/2025/NĐ-CP: the specialised offices of a ward's People's Committee.
    return (
        UnitSpec("VP", "Văn phòng HĐND và UBND"),
        UnitSpec("KTHTDT", "Phòng Kinh tế, Hạ tầng và Đô thị"),
        UnitSpec("VHXH", "Phòng Văn hóa - Xã hội"),
    )


def _ward(code: str, division: str, name: str, centre: str) -> AgencySpec:
    return AgencySpec(
        code=code,
        name=f"Ủy ban nhân dân {name}",
        short_name=f"UBND {name}",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=DivisionLevel.COMMUNE,
        parent_code=PROVINCIAL_COMMITTEE,
        division_code=division,
        one_stop_unit_code=centre,
        address=f"{name}, {_PROVINCE_ADDRESS}",
        units=_commune_units(),
    )


def _department(code: str, name: str, short: str, units: tuple[UnitSpec, ...]) -> AgencySpec:
    return AgencySpec(
        code=code,
        name=name,
        short_name=short,
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
        parent_code=PROVINCIAL_COMMITTEE,
        division_code=PROVINCE_DIVISION,
        one_stop_unit_code=PROVINCIAL_CENTRE,
        address=_PROVINCE_ADDRESS,
        units=units,
    )


def _branch(code: str, name: str, short: str, units: tuple[UnitSpec, ...]) -> AgencySpec:
    return AgencySpec(
        code=code,
        name=name,
        short_name=short,
        kind=AgencyKind.VERTICAL_BRANCH,
        level=DivisionLevel.PROVINCE,
        division_code=PROVINCE_DIVISION,
        one_stop_unit_code=PROVINCIAL_CENTRE,
        address=_PROVINCE_ADDRESS,
        units=units,
    )


# Parents before children: the loader creates them in this order.
AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        code=PROVINCIAL_COMMITTEE,
        name="Ủy ban nhân dân tỉnh Vĩnh Long",
        short_name="UBND tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_COMMITTEE,
        level=DivisionLevel.PROVINCE,
        division_code=PROVINCE_DIVISION,
        one_stop_unit_code=PROVINCIAL_CENTRE,
        address=_PROVINCE_ADDRESS,
        units=(UnitSpec("VP", "Văn phòng UBND tỉnh"),),
    ),
    _department(
        SO_NOI_VU,
        "Sở Nội vụ tỉnh Vĩnh Long",
        "Sở Nội vụ",
        (UnitSpec("LDVL", "Phòng Lao động - Việc làm"), UnitSpec("VP", "Văn phòng Sở")),
    ),
    _department(
        SO_TU_PHAP,
        "Sở Tư pháp tỉnh Vĩnh Long",
        "Sở Tư pháp",
        (UnitSpec("HCTP", "Phòng Hành chính tư pháp"), UnitSpec("VP", "Văn phòng Sở")),
    ),
    _department(
        SO_TAI_CHINH,
        "Sở Tài chính tỉnh Vĩnh Long",
        "Sở Tài chính",
        (UnitSpec("DKKD", "Phòng Đăng ký kinh doanh"), UnitSpec("VP", "Văn phòng Sở")),
    ),
    _department(
        SO_XAY_DUNG,
        "Sở Xây dựng tỉnh Vĩnh Long",
        "Sở Xây dựng",
        (UnitSpec("QLXD", "Phòng Quản lý xây dựng"), UnitSpec("VP", "Văn phòng Sở")),
    ),
    _department(
        SO_NONG_NGHIEP_MOI_TRUONG,
        "Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long",
        "Sở Nông nghiệp và Môi trường",
        (
            UnitSpec("VPDKDD", "Văn phòng Đăng ký đất đai"),
            UnitSpec("QLDD", "Phòng Quản lý đất đai"),
        ),
    ),
    _department(
        SO_Y_TE,
        "Sở Y tế tỉnh Vĩnh Long",
        "Sở Y tế",
        (UnitSpec("NVY", "Phòng Nghiệp vụ Y"), UnitSpec("VP", "Văn phòng Sở")),
    ),
    _department(
        SO_GIAO_DUC,
        "Sở Giáo dục và Đào tạo tỉnh Vĩnh Long",
        "Sở Giáo dục và Đào tạo",
        (UnitSpec("QLCL", "Phòng Quản lý chất lượng"), UnitSpec("VP", "Văn phòng Sở")),
    ),
    _branch(
        CONG_AN_TINH,
        "Công an tỉnh Vĩnh Long",
        "Công an tỉnh",
        (
            UnitSpec("PC06", "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"),
            UnitSpec("PV06", "Phòng Hồ sơ nghiệp vụ"),
            UnitSpec("PC08", "Phòng Cảnh sát giao thông"),
        ),
    ),
    _branch(
        THUE_TINH,
        "Thuế tỉnh Vĩnh Long",
        "Thuế tỉnh",
        (UnitSpec("QLTD", "Phòng Quản lý thuế thu nhập cá nhân và thu khác"),),
    ),
    _branch(
        BHXH_TINH,
        "Bảo hiểm xã hội tỉnh Vĩnh Long",
        "BHXH tỉnh",
        (UnitSpec("CDBHXH", "Phòng Chế độ bảo hiểm xã hội"), UnitSpec("QLST", "Phòng Cấp sổ, thẻ")),
    ),
    _ward(UBND_LONG_CHAU, "29551", "Phường Long Châu", "TTPVHCC-LONGCHAU"),
    _ward(UBND_PHUOC_HAU, "29557", "Phường Phước Hậu", "TTPVHCC-PHUOCHAU"),
    _ward(UBND_THANH_DUC, "29590", "Phường Thanh Đức", "TTPVHCC-THANHDUC"),
    _ward(UBND_AN_HOI, "28777", "Phường An Hội", "TTPVHCC-ANHOI"),
    _ward(UBND_TRA_VINH, "29242", "Phường Trà Vinh", "TTPVHCC-TRAVINH"),
)

COMMUNE_COMMITTEES: tuple[str, ...] = (
    UBND_LONG_CHAU,
    UBND_PHUOC_HAU,
    UBND_THANH_DUC,
    UBND_AN_HOI,
    UBND_TRA_VINH,
)


def _commune_centre(code: str, agency: str, division: str, name: str) -> OneStopUnitSpec:
    return OneStopUnitSpec(
        code=code,
        name=f"Trung tâm Phục vụ hành chính công {name}",
        kind=OneStopUnitKind.COMMUNE_CENTRE,
        agency_code=agency,
        division_code=division,
        address=f"{name}, {_PROVINCE_ADDRESS}",
        # Catalogue text: Saturday morning "for units that arrange it" (DOMAIN.md §11).
        saturday_morning=True,
    )


# Decree 118/2025 Art. 7: the provincial centre may run reception points; the two in
# the former provincial seats of Bến Tre and Trà Vinh keep service close after the merger.
ONE_STOP_UNITS: tuple[OneStopUnitSpec, ...] = (
    OneStopUnitSpec(
        code=PROVINCIAL_CENTRE,
        name="Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        kind=OneStopUnitKind.PROVINCIAL_CENTRE,
        agency_code=PROVINCIAL_COMMITTEE,
        division_code=PROVINCE_DIVISION,
        address=f"Phường Long Châu, {_PROVINCE_ADDRESS}",
    ),
    OneStopUnitSpec(
        code="TTPVHCC-VL-BENTRE",
        name="Điểm tiếp nhận Bến Tre - Trung tâm Phục vụ hành chính công tỉnh",
        kind=OneStopUnitKind.RECEPTION_POINT,
        agency_code=PROVINCIAL_COMMITTEE,
        parent_code=PROVINCIAL_CENTRE,
        division_code="28777",
        address=f"Phường An Hội, {_PROVINCE_ADDRESS}",
    ),
    OneStopUnitSpec(
        code="TTPVHCC-VL-TRAVINH",
        name="Điểm tiếp nhận Trà Vinh - Trung tâm Phục vụ hành chính công tỉnh",
        kind=OneStopUnitKind.RECEPTION_POINT,
        agency_code=PROVINCIAL_COMMITTEE,
        parent_code=PROVINCIAL_CENTRE,
        division_code="29242",
        address=f"Phường Trà Vinh, {_PROVINCE_ADDRESS}",
    ),
    _commune_centre("TTPVHCC-LONGCHAU", UBND_LONG_CHAU, "29551", "Phường Long Châu"),
    _commune_centre("TTPVHCC-PHUOCHAU", UBND_PHUOC_HAU, "29557", "Phường Phước Hậu"),
    _commune_centre("TTPVHCC-THANHDUC", UBND_THANH_DUC, "29590", "Phường Thanh Đức"),
    _commune_centre("TTPVHCC-ANHOI", UBND_AN_HOI, "28777", "Phường An Hội"),
    _commune_centre("TTPVHCC-TRAVINH", UBND_TRA_VINH, "29242", "Phường Trà Vinh"),
)
