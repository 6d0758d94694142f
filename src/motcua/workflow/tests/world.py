"""The people and procedures the dossier tests act with, built through the real
services on top of ``published_catalog()``:

- centre TTPVHCC-VL with counter officer ``tiepnhan``;
- Sở Xây dựng (construction): specialist ``chuyenvien.xd`` (unit Phòng Quản lý xây
  dựng), unit head ``truongphong.xd``, leader ``lanhdao.xd``;
- Sở Tư pháp (justice): specialist ``chuyenvien.tp``, leader ``lanhdao.tp``;
- Sở Văn hóa (culture) and Công an tỉnh (police) for an inter-agency (liên thông)
  procedure "Cấp giấy phép kinh doanh karaoke" (Decree 297/2025's e-liên thông):
  1 Tiếp nhận 0.5 → 2 Xác nhận ANTT (police, 2) → 3 Thẩm định (culture, 2) →
  4 Phê duyệt (culture, 0.5): 5 working days; police 2, culture 2.5;
- citizens An (086099012345, with a login) and Bình (another citizen with a login),
  and Cường (no login, walks in at the counter).
"""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import Role
from motcua.accounts.selectors import role_get_by_code
from motcua.accounts.services import citizen_register, staff_user_create
from motcua.accounts.tests.factories import verified
from motcua.agencies.constants import AgencyKind, DivisionLevel
from motcua.agencies.services import agency_create, staff_assign_role, unit_create
from motcua.catalog import services as catalog
from motcua.catalog.constants import (
    ComponentForm,
    OnlineMode,
    ParticipantRole,
    ProcedureLevel,
    TimeUnit,
)
from motcua.catalog.models import Field, ProcedureVersion
from motcua.catalog.tests.published import published_catalog
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import ComponentInput, UploadedFile

PASSWORD = "Mật-khẩu-dài-2026"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n% test scan\n"


def local(*args: int) -> dt.datetime:
    """A moment in Vietnamese time: local(2026, 3, 2, 9, 0)."""
    return dt.datetime(*args, tzinfo=VN)


def _staff(username: str, full_name: str, roles: list[tuple[str, object, dict]]) -> object:
    user = staff_user_create(actor=None, username=username, full_name=full_name, password=PASSWORD)
    for role, agency, scope in roles:
        staff_assign_role(actor=None, user=user, role_code=role, agency=agency, **scope)
    return user


def _roles_seeded() -> None:
    """The roles come from a data migration; a transactional test that ran before may
    have flushed them (browser tests), so seed them again the same way."""
    if not Role.objects.exists():
        seed = importlib.import_module("motcua.accounts.migrations.0002_default_roles")
        seed.create_roles(django_apps, None)


def world() -> SimpleNamespace:
    _roles_seeded()
    c = published_catalog()
    culture = agency_create(
        actor=None,
        code="000.00.13.H62",
        name="Sở Văn hóa, Thể thao và Du lịch tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
        parent=c.province,
    )
    police = agency_create(
        actor=None,
        code="000.00.14.H62",
        name="Công an tỉnh Vĩnh Long",
        kind=AgencyKind.PROVINCIAL_DEPARTMENT,
        level=DivisionLevel.PROVINCE,
        parent=c.province,
    )
    building_unit = unit_create(
        actor=None, agency=c.construction, code="QLXD", name="Phòng Quản lý xây dựng"
    )
    counter = _staff(
        "tiepnhan",
        "Lê Thị Thu",
        [(RoleCode.COUNTER_OFFICER, c.province, {"one_stop_unit": c.centre})],
    )
    specialist = _staff(
        "chuyenvien.xd",
        "Phạm Văn Dũng",
        [(RoleCode.SPECIALIST, c.construction, {"unit": building_unit})],
    )
    specialist2 = _staff(
        "chuyenvien2.xd",
        "Đỗ Thị Hoa",
        [(RoleCode.SPECIALIST, c.construction, {"unit": building_unit})],
    )
    unit_head = _staff("truongphong.xd", "Võ Minh Tâm", [(RoleCode.UNIT_HEAD, c.construction, {})])
    leader = _staff("lanhdao.xd", "Nguyễn Hữu Phước", [(RoleCode.LEADER, c.construction, {})])
    justice_specialist = _staff(
        "chuyenvien.tp", "Trần Ngọc Lan", [(RoleCode.SPECIALIST, c.justice, {})]
    )
    justice_leader = _staff("lanhdao.tp", "Huỳnh Văn Sáu", [(RoleCode.LEADER, c.justice, {})])
    police_officer = _staff("canbo.ca", "Đặng Quốc Việt", [(RoleCode.SPECIALIST, police, {})])
    police_leader = _staff("lanhdao.ca", "Lý Thành Công", [(RoleCode.LEADER, police, {})])
    culture_officer = _staff("chuyenvien.vh", "Mai Thanh Hà", [(RoleCode.SPECIALIST, culture, {})])
    culture_leader = _staff("lanhdao.vh", "Tô Văn Hải", [(RoleCode.LEADER, culture, {})])
    no_role = _staff("khongvaitro", "Cao Văn Bảy", [])

    # An and Bình have proven their phones (issue 5 §2), so they may file online.
    an = verified(
        citizen_register(
            citizen_id="086099012345",
            full_name="Nguyễn Văn An",
            phone="0912345678",
            address="Phường 1, Vĩnh Long",
            password=PASSWORD,
        )
    )
    binh = verified(
        citizen_register(citizen_id="086199054321", full_name="Trần Thị Bình", password=PASSWORD)
    )
    cuong = citizen_register(citizen_id="086088011111", full_name="Lâm Văn Cường")

    field = Field.objects.create(code="VANHOA", name="Văn hóa")
    karaoke = catalog.procedure_create(
        actor=None,
        code="1.001029",
        name="Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        field=field,
        level=ProcedureLevel.PROVINCE,
    )
    draft = catalog.procedure_version_create_draft(
        actor=None,
        procedure=karaoke,
        time_limit_value=Decimal(5),
        time_limit_unit=TimeUnit.WORKING_DAYS,
        online_mode=OnlineMode.FULL,
    )
    draft.agencies.add(culture)
    form = catalog.version_add_component(
        version=draft, name="Đơn đề nghị cấp giấy phép", form=ComponentForm.ORIGINAL
    )
    lead = catalog.version_add_participant(
        version=draft, role=ParticipantRole.LEAD, budget=Decimal("2.5"), agency=culture
    )
    coordinating = catalog.version_add_participant(
        version=draft, role=ParticipantRole.COORDINATING, budget=Decimal(2), agency=police
    )
    catalog.version_add_step(
        version=draft,
        name="Tiếp nhận hồ sơ",
        budget=Decimal("0.5"),
        role=role_get_by_code(code=RoleCode.COUNTER_OFFICER),
    )
    catalog.version_add_step(
        version=draft,
        name="Xác nhận đủ điều kiện về an ninh, trật tự",
        budget=Decimal(2),
        performer="Phòng Cảnh sát quản lý hành chính",
        participant=coordinating,
    )
    catalog.version_add_step(
        version=draft,
        name="Thẩm định",
        budget=Decimal(2),
        performer="Phòng Quản lý văn hóa",
        participant=lead,
    )
    catalog.version_add_step(
        version=draft,
        name="Phê duyệt",
        budget=Decimal("0.5"),
        role=role_get_by_code(code=RoleCode.LEADER),
        participant=lead,
    )
    karaoke_version = catalog.procedure_version_publish(
        actor=None, version=draft, effective_from=dt.date(2025, 7, 1)
    )
    permit_form = c.permit_version.components.get()
    birth_version = ProcedureVersion.objects.get(procedure__code="1.001193")
    copy_version = ProcedureVersion.objects.get(procedure__code="2.000908")
    return SimpleNamespace(
        **vars(c),
        culture=culture,
        police=police,
        building_unit=building_unit,
        counter=counter,
        specialist=specialist,
        specialist2=specialist2,
        unit_head=unit_head,
        leader=leader,
        justice_specialist=justice_specialist,
        justice_leader=justice_leader,
        police_officer=police_officer,
        police_leader=police_leader,
        culture_officer=culture_officer,
        culture_leader=culture_leader,
        no_role=no_role,
        an=an,
        binh=binh,
        cuong=cuong,
        karaoke_version=karaoke_version,
        karaoke_form=form,
        permit_form=permit_form,
        birth_version=birth_version,
        birth_form=birth_version.components.get(),
        copy_version=copy_version,
        copy_form=copy_version.components.get(),
    )


def fresh(dossier: Dossier) -> Dossier:
    """The dossier as the database holds it now."""
    return Dossier.objects.get(pk=dossier.pk)


def history(dossier: Dossier) -> list[tuple[str, str, str]]:
    """The dossier's history rows as (action, from, to)."""
    return list(
        DossierEvent.objects.filter(dossier=dossier).values_list(
            "action", "from_status", "to_status"
        )
    )


def paper(component, *, count: int = 1, with_file: bool = False) -> ComponentInput:
    """The paper answering ``component``, as declared at the counter or online."""
    files = (UploadedFile(name="scan.pdf", content=PDF),) if with_file else ()
    return ComponentInput(
        required=component, name=component.name, form=component.form, count=count, files=files
    )
