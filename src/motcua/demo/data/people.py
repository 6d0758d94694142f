"""Demo accounts: one or more staff members for every role, citizens and a business.

**Every demo account has the password ``DEMO_PASSWORD`` (MotCua@2026).** It exists only
to try the system on a laptop; never load the demo data into a real installation.

Citizen IDs follow Circular 59/2021/TT-BCA Art. 7: digits 1-3 are the pre-2025 province
where the birth was registered (086 Vĩnh Long, 083 Bến Tre, 084 Trà Vinh), digit 4 is
gender and century (0/1 a man/woman born in the 1900s, 2/3 in the 2000s), digits 5-6 the
year of birth. The business's tax code passes the Ministry of Finance check digit
(weights 31, 29, 23, 19, 17, 13, 7, 5, 3). Usernames and e-mail addresses avoid the
word "motcua": Django's password validator would find the password too similar. The
names, numbers and the e-mail domain (``vinhlong.example``, under the ``.example`` name
reserved by RFC 2606) are made up.
"""

from __future__ import annotations

import datetime as dt

from motcua.accounts.constants import Gender, RoleCode
from motcua.demo.data import organisation as org
from motcua.demo.data.types import CitizenSpec, OrganisationSpec, StaffSpec
from motcua.feedback.constants import FEEDBACK_HANDLER

DEMO_PASSWORD = "MotCua@2026"  # noqa: S105 - published demo-only password

DEMO_EMAIL_DOMAIN = "vinhlong.example"

# Roles whose holders also get Django's admin site (superuser and staff flags).
ADMIN_SITE_ROLES = frozenset({RoleCode.ADMINISTRATOR})


def _mail(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec(
        username="quantri",
        full_name="Nguyễn Thành Công",
        role=RoleCode.ADMINISTRATOR,
        agency_code=org.PROVINCIAL_COMMITTEE,
        email=_mail("quantri"),
    ),
    StaffSpec(
        username="thanhtra",
        full_name="Lê Minh Chính",
        role=RoleCode.INSPECTOR,
        agency_code=org.PROVINCIAL_COMMITTEE,
        email=_mail("thanhtra"),
    ),
    # Counter officers: at the provincial centre and at a ward centre.
    StaffSpec(
        username="tiepnhan.tinh",
        full_name="Trần Thị Ngọc Hân",
        role=RoleCode.COUNTER_OFFICER,
        agency_code=org.PROVINCIAL_COMMITTEE,
        one_stop_unit_code=org.PROVINCIAL_CENTRE,
        email=_mail("tiepnhan.tinh"),
    ),
    StaffSpec(
        username="tiepnhan.longchau",
        full_name="Huỳnh Văn Lộc",
        role=RoleCode.COUNTER_OFFICER,
        agency_code=org.UBND_LONG_CHAU,
        one_stop_unit_code="TTPVHCC-LONGCHAU",
        email=_mail("tiepnhan.longchau"),
    ),
    StaffSpec(
        username="tiepnhan.thanhduc",
        full_name="Đặng Thị Mỹ Linh",
        role=RoleCode.COUNTER_OFFICER,
        agency_code=org.UBND_THANH_DUC,
        one_stop_unit_code="TTPVHCC-THANHDUC",
        email=_mail("tiepnhan.thanhduc"),
    ),
    # Sở Xây dựng: a specialist, the head of the building-management office, a deputy
    # director who signs.
    StaffSpec(
        username="chuyenvien.xd",
        full_name="Phạm Quốc Bảo",
        role=RoleCode.SPECIALIST,
        agency_code=org.SO_XAY_DUNG,
        unit_code="QLXD",
        email=_mail("chuyenvien.xd"),
    ),
    StaffSpec(
        username="truongphong.xd",
        full_name="Võ Thị Thanh Tâm",
        role=RoleCode.UNIT_HEAD,
        agency_code=org.SO_XAY_DUNG,
        unit_code="QLXD",
        email=_mail("truongphong.xd"),
    ),
    StaffSpec(
        username="lanhdao.xd",
        full_name="Nguyễn Hoàng Phúc",
        role=RoleCode.LEADER,
        agency_code=org.SO_XAY_DUNG,
        email=_mail("lanhdao.xd"),
    ),
    # Sở Nông nghiệp và Môi trường (land registration office).
    StaffSpec(
        username="chuyenvien.dd",
        full_name="Lâm Thị Kim Ngân",
        role=RoleCode.SPECIALIST,
        agency_code=org.SO_NONG_NGHIEP_MOI_TRUONG,
        unit_code="VPDKDD",
        email=_mail("chuyenvien.dd"),
    ),
    StaffSpec(
        username="truongphong.dd",
        full_name="Trương Văn Hiếu",
        role=RoleCode.UNIT_HEAD,
        agency_code=org.SO_NONG_NGHIEP_MOI_TRUONG,
        unit_code="VPDKDD",
        email=_mail("truongphong.dd"),
    ),
    # The director of the land registration office signs land registrations (step
    # "Xác nhận biến động" of procedure 1.012792).
    StaffSpec(
        username="lanhdao.dd",
        full_name="Huỳnh Công Danh",
        role=RoleCode.LEADER,
        agency_code=org.SO_NONG_NGHIEP_MOI_TRUONG,
        unit_code="VPDKDD",
        email=_mail("lanhdao.dd"),
    ),
    # The agencies that take part in inter-agency (liên thông) procedures: the tax
    # office assesses what a land transfer owes, social insurance issues a child's
    # health-insurance card (Decree 63/2024/NĐ-CP, group 1).
    StaffSpec(
        username="chuyenvien.thue",
        full_name="Dương Minh Khoa",
        role=RoleCode.SPECIALIST,
        agency_code=org.THUE_TINH,
        unit_code="QLTD",
        email=_mail("chuyenvien.thue"),
    ),
    StaffSpec(
        username="chuyenvien.bhxh",
        full_name="Ngô Thị Hồng Nhung",
        role=RoleCode.SPECIALIST,
        agency_code=org.BHXH_TINH,
        unit_code="QLST",
        email=_mail("chuyenvien.bhxh"),
    ),
    # Phường Long Châu: civil-status officer, head of the office, the chairman.
    StaffSpec(
        username="chuyenvien.longchau",
        full_name="Thạch Thị Sô Phia",
        role=RoleCode.SPECIALIST,
        agency_code=org.UBND_LONG_CHAU,
        unit_code="VP",
        email=_mail("chuyenvien.longchau"),
    ),
    StaffSpec(
        username="truongphong.longchau",
        full_name="Lý Văn Thắng",
        role=RoleCode.UNIT_HEAD,
        agency_code=org.UBND_LONG_CHAU,
        unit_code="VP",
        email=_mail("truongphong.longchau"),
    ),
    StaffSpec(
        username="lanhdao.longchau",
        full_name="Nguyễn Văn Mười",
        role=RoleCode.LEADER,
        agency_code=org.UBND_LONG_CHAU,
        email=_mail("lanhdao.longchau"),
    ),
    # The Department of Construction's PAKN handler (issue 5 §7).
    StaffSpec(
        username="phananh.xaydung",
        full_name="Đỗ Thị Hạnh",
        role=FEEDBACK_HANDLER,
        agency_code=org.SO_XAY_DUNG,
        email=_mail("phananh.xaydung"),
    ),
)

CITIZENS: tuple[CitizenSpec, ...] = (
    CitizenSpec(
        citizen_id="086085001234",
        full_name="Nguyễn Văn An",
        date_of_birth=dt.date(1985, 3, 12),
        gender=Gender.MALE,
        email=_mail("nguyenvanan"),
        address="Phường Long Châu, tỉnh Vĩnh Long",
    ),
    CitizenSpec(
        citizen_id="083190004567",
        full_name="Trần Thị Bích Ngọc",
        date_of_birth=dt.date(1990, 8, 25),
        gender=Gender.FEMALE,
        email=_mail("tranthibichngoc"),
        address="Phường An Hội, tỉnh Vĩnh Long",
    ),
    CitizenSpec(
        citizen_id="084201007890",
        full_name="Kim Hoàng Nam",
        date_of_birth=dt.date(2001, 1, 9),
        gender=Gender.MALE,
        email=_mail("kimhoangnam"),
        address="Phường Trà Vinh, tỉnh Vĩnh Long",
    ),
    CitizenSpec(
        citizen_id="086178012345",
        full_name="Phạm Thị Thu Hà",
        date_of_birth=dt.date(1978, 11, 2),
        gender=Gender.FEMALE,
        email=_mail("phamthithuha"),
        address="Phường Phước Hậu, tỉnh Vĩnh Long",
    ),
    CitizenSpec(
        citizen_id="083095023456",
        full_name="Võ Minh Tuấn",
        date_of_birth=dt.date(1995, 6, 30),
        gender=Gender.MALE,
        email=_mail("vominhtuan"),
        address="Phường Thanh Đức, tỉnh Vĩnh Long",
    ),
)

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        tax_code="1500234569",
        name="Công ty TNHH Nông sản Cửu Long",
        representative="Nguyễn Văn An",
        address="Phường Long Châu, tỉnh Vĩnh Long",
        email=_mail("nongsancuulong"),
    ),
)
