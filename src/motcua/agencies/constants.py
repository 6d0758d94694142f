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
