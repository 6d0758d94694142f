import datetime as dt

from django.db import models


class DivisionLevel(models.TextChoices):
    """Levels of administrative division. Two tiers since 1/7/2025 (Law 72/2025/QH15);
    districts are kept only for historical records (DOMAIN.md §10)."""

    CENTRAL = "central", "Trung ương"
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện (trước 1/7/2025)"
    COMMUNE = "commune", "Cấp xã"


class DivisionType(models.TextChoices):
    PROVINCE = "tinh", "Tỉnh"
    CENTRAL_CITY = "thanh_pho_trung_uong", "Thành phố trực thuộc trung ương"
    DISTRICT = "huyen", "Huyện"
    URBAN_DISTRICT = "quan", "Quận"
    TOWN = "thi_xa", "Thị xã"
    PROVINCIAL_CITY = "thanh_pho_thuoc_tinh", "Thành phố thuộc tỉnh"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"
    TOWNSHIP = "thi_tran", "Thị trấn"


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", "Bộ, cơ quan ngang bộ"
    MINISTRY_DEPARTMENT = "ministry_department", "Cục, vụ thuộc bộ"
    VERTICAL_BRANCH = "vertical_branch", "Cơ quan ngành dọc (thuế, bảo hiểm xã hội, công an...)"
    PROVINCIAL_COMMITTEE = "provincial_committee", "UBND cấp tỉnh"
    PROVINCIAL_DEPARTMENT = "provincial_department", "Sở, ban, ngành cấp tỉnh"
    DISTRICT_COMMITTEE = "district_committee", "UBND cấp huyện (trước 1/7/2025)"
    COMMUNE_COMMITTEE = "commune_committee", "UBND cấp xã"


class OneStopUnitKind(models.TextChoices):
    """Decree 118/2025 Art. 7: who runs the one-stop counter at each level."""

    MINISTRY_RECEPTION = "ministry_reception", "Bộ phận Tiếp nhận và Trả kết quả (cấp bộ)"
    PROVINCIAL_CENTRE = "provincial_centre", "Trung tâm Phục vụ hành chính công cấp tỉnh"
    COMMUNE_CENTRE = "commune_centre", "Trung tâm Phục vụ hành chính công cấp xã"
    RECEPTION_POINT = "reception_point", "Điểm tiếp nhận"


# Law 72/2025/QH15 on the Organisation of Local Government: the two-tier system
# (province → commune) is in force from this date; districts ended the day before.
TWO_TIER_REFORM_DATE = dt.date(2025, 7, 1)

# Which division types belong to which level (Resolution 202/2025/QH15 for provinces,
# the 2025 arrangement resolutions for communes; districts only before 1/7/2025).
DIVISION_TYPES_BY_LEVEL: dict[str, tuple[str, ...]] = {
    DivisionLevel.PROVINCE: (DivisionType.PROVINCE, DivisionType.CENTRAL_CITY),
    DivisionLevel.DISTRICT: (
        DivisionType.DISTRICT,
        DivisionType.URBAN_DISTRICT,
        DivisionType.TOWN,
        DivisionType.PROVINCIAL_CITY,
    ),
    DivisionLevel.COMMUNE: (
        DivisionType.COMMUNE,
        DivisionType.WARD,
        DivisionType.SPECIAL_ZONE,
        DivisionType.TOWNSHIP,
    ),
}

# The levels an agency of each kind may sit at. Vertical branches (tax, social
# insurance, police, treasury) exist at every level (DOMAIN.md §10).
AGENCY_LEVELS_BY_KIND: dict[str, tuple[str, ...]] = {
    AgencyKind.MINISTRY: (DivisionLevel.CENTRAL,),
    AgencyKind.MINISTRY_DEPARTMENT: (DivisionLevel.CENTRAL,),
    AgencyKind.VERTICAL_BRANCH: tuple(DivisionLevel.values),
    AgencyKind.PROVINCIAL_COMMITTEE: (DivisionLevel.PROVINCE,),
    AgencyKind.PROVINCIAL_DEPARTMENT: (DivisionLevel.PROVINCE,),
    AgencyKind.DISTRICT_COMMITTEE: (DivisionLevel.DISTRICT,),
    AgencyKind.COMMUNE_COMMITTEE: (DivisionLevel.COMMUNE,),
}

# The People's Committee of a province, district or commune governs exactly that area,
# so its administrative unit, when recorded, must be of its own level.
COMMITTEE_KINDS = (
    AgencyKind.PROVINCIAL_COMMITTEE,
    AgencyKind.DISTRICT_COMMITTEE,
    AgencyKind.COMMUNE_COMMITTEE,
)

# Deepest agency tree we accept, counting the root as level 1. The deepest real chain
# is ministry → general department → provincial branch → local branch → commune team
# (police), five levels; one spare. Selectors walk the tree with this bound instead of
# recursive SQL.
AGENCY_MAX_DEPTH = 6
