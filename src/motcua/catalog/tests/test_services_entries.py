import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from motcua.catalog.constants import ComponentForm, FeeKind, ParticipantRole
from motcua.catalog.models import FeeLine, LegalBasis, Participant, ProcessStep, RequiredComponent
from motcua.catalog.services import (
    version_add_component,
    version_add_fee,
    version_add_legal_basis,
    version_add_participant,
    version_add_step,
)
from motcua.catalog.tests.factories import (
    AgencyFactory,
    ExemptionCategoryFactory,
    ParticipantFactory,
    ProcedureVersionFactory,
    RoleFactory,
)
from motcua.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_add_component_numbers_in_entry_order_and_normalises_text():
    draft = ProcedureVersionFactory()
    first = version_add_component(
        version=draft,
        name=unicodedata.normalize("NFD", "Tờ khai  đăng ký khai sinh"),
        form=ComponentForm.ORIGINAL,
        template_name="Mẫu  TK-01",
    )
    second = version_add_component(
        version=draft,
        name="Giấy chứng sinh",
        form=ComponentForm.COPY,
        count=2,
        mandatory=False,
        note="Nộp bản sao\nhoặc xuất trình bản chính",
    )
    assert (first.order, second.order) == (1, 2)
    rows = list(
        RequiredComponent.objects.filter(version=draft).values_list(
            "order", "name", "form", "count", "mandatory", "note", "template_name"
        )
    )
    assert rows == [
        (1, "Tờ khai đăng ký khai sinh", "original", 1, True, "", "Mẫu TK-01"),
        (2, "Giấy chứng sinh", "copy", 2, False, "Nộp bản sao\nhoặc xuất trình bản chính", ""),
    ]


def test_add_component_refuses_an_unknown_form_and_a_zero_count():
    draft = ProcedureVersionFactory()
    with pytest.raises(ApplicationError) as error:
        version_add_component(version=draft, name="Tờ khai", form="scan")
    assert error.value.code == "invalid"
    with pytest.raises(ApplicationError) as error:
        version_add_component(version=draft, name="Tờ khai", form="original", count=0)
    assert error.value.code == "invalid"
    assert not RequiredComponent.objects.exists()


def test_add_fee_in_dong_with_exemptions_given_as_rows_or_codes():
    draft = ProcedureVersionFactory()
    poor = ExemptionCategoryFactory(code="ho-ngheo")
    ExemptionCategoryFactory(code="nguoi-khuyet-tat")
    fee = version_add_fee(
        version=draft,
        name="Lệ phí cấp giấy phép xây dựng",
        kind=FeeKind.CHARGE,
        amount=75_000,
        online_amount=37_500,
        unit_note="đồng/giấy phép",
        legal_basis="Nghị quyết 10/2025/NQ-HĐND",
        exemptions=[poor, "nguoi-khuyet-tat"],
    )
    second = version_add_fee(version=draft, name="Phí thẩm định", kind=FeeKind.FEE, amount=0)
    fee.refresh_from_db()
    assert (fee.order, second.order) == (1, 2)
    assert (fee.amount, fee.online_amount, fee.kind) == (75_000, 37_500, "charge")
    assert set(fee.exemptions.values_list("code", flat=True)) == {"ho-ngheo", "nguoi-khuyet-tat"}
    assert second.exemptions.count() == 0


def test_add_fee_refuses_unknown_exemption_codes_and_bad_amounts():
    draft = ProcedureVersionFactory()
    with pytest.raises(ApplicationError) as error:
        version_add_fee(
            version=draft, name="Lệ phí", kind="charge", amount=10_000, exemptions=["khong-co"]
        )
    assert (error.value.code, error.value.detail) == ("exemption_unknown", {"codes": ["khong-co"]})
    with pytest.raises(ApplicationError) as error:
        version_add_fee(version=draft, name="Lệ phí", kind="charge", amount=-1)
    assert error.value.code == "invalid"
    with pytest.raises(ApplicationError) as error:
        version_add_fee(
            version=draft, name="Lệ phí", kind="charge", amount=10_000, online_amount=20_000
        )
    assert error.value.code == "invalid"
    with pytest.raises(ApplicationError) as error:
        version_add_fee(version=draft, name="Lệ phí", kind="tax", amount=10_000)
    assert error.value.code == "invalid"
    with pytest.raises(TypeError):
        version_add_fee(version=draft, name="Lệ phí", kind="charge", amount=10_000.5)
    assert not FeeLine.objects.exists()


def test_add_legal_basis():
    draft = ProcedureVersionFactory()
    basis = version_add_legal_basis(
        version=draft,
        number="60/2014/QH13",
        title="Luật Hộ tịch",
        issued_on=dt.date(2014, 11, 20),
        effective_from=dt.date(2016, 1, 1),
    )
    version_add_legal_basis(version=draft, number="123/2015/NĐ-CP", title="Nghị định hộ tịch")
    assert list(LegalBasis.objects.filter(version=draft).values_list("order", "number")) == [
        (1, "60/2014/QH13"),
        (2, "123/2015/NĐ-CP"),
    ]
    assert (basis.issued_on, basis.effective_from) == (dt.date(2014, 11, 20), dt.date(2016, 1, 1))


def test_add_participant_with_an_agency_or_a_description():
    draft = ProcedureVersionFactory()
    agency = AgencyFactory()
    lead = version_add_participant(
        version=draft, role=ParticipantRole.LEAD, budget=Decimal(7), agency=agency
    )
    tax = version_add_participant(
        version=draft,
        role=ParticipantRole.COORDINATING,
        budget="2.5",
        agency_description="Cơ quan thuế nơi có đất",
    )
    assert (lead.order, tax.order) == (1, 2)
    assert (lead.agency, lead.budget) == (agency, Decimal(7))
    tax.refresh_from_db()
    assert (tax.agency, tax.agency_description, tax.budget) == (
        None,
        "Cơ quan thuế nơi có đất",
        Decimal("2.5"),
    )


def test_add_participant_refuses_no_agency_a_second_lead_and_a_negative_budget():
    draft = ProcedureVersionFactory()
    with pytest.raises(ApplicationError) as error:
        version_add_participant(version=draft, role=ParticipantRole.COORDINATING, budget=1)
    assert error.value.code == "participant_agency_missing"
    version_add_participant(
        version=draft, role=ParticipantRole.LEAD, budget=1, agency=AgencyFactory()
    )
    with pytest.raises(ApplicationError) as error:
        version_add_participant(
            version=draft, role=ParticipantRole.LEAD, budget=1, agency=AgencyFactory()
        )
    assert error.value.code == "participant_lead_taken"
    with pytest.raises(ApplicationError) as error:
        version_add_participant(
            version=draft, role=ParticipantRole.COORDINATING, budget=-1, agency_description="X"
        )
    assert error.value.code == "invalid"
    assert Participant.objects.count() == 1


def test_add_step_by_role_or_performer_with_its_participant():
    draft = ProcedureVersionFactory()
    role = RoleFactory()
    participant = ParticipantFactory(version=draft)
    first = version_add_step(version=draft, name="Tiếp nhận hồ sơ", budget=0.5, role=role)
    second = version_add_step(
        version=draft,
        name="Xác định nghĩa vụ tài chính",
        budget="3",
        performer="Chi cục Thuế",
        participant=participant,
    )
    assert (first.order, second.order) == (1, 2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.role, first.performer, first.budget) == (role, "", Decimal("0.5"))
    assert (second.participant, second.budget) == (participant, Decimal(3))


def test_add_step_refuses_no_performer_and_a_participant_of_another_version():
    draft = ProcedureVersionFactory()
    with pytest.raises(ApplicationError) as error:
        version_add_step(version=draft, name="Thẩm định", budget=1)
    assert error.value.code == "step_performer_missing"
    stranger = ParticipantFactory()
    with pytest.raises(ApplicationError) as error:
        version_add_step(
            version=draft, name="Thẩm định", budget=1, performer="Phòng", participant=stranger
        )
    assert error.value.code == "participant_other_version"
    with pytest.raises(ApplicationError) as error:
        version_add_step(version=draft, name="Thẩm định", budget="một", performer="Phòng")
    assert error.value.code == "invalid"
    assert not ProcessStep.objects.exists()


ADDERS = {
    "component": lambda v: version_add_component(version=v, name="Tờ khai", form="original"),
    "fee": lambda v: version_add_fee(version=v, name="Lệ phí", kind="charge", amount=1_000),
    "legal_basis": lambda v: version_add_legal_basis(version=v, number="1/2025", title="Luật"),
    "participant": lambda v: version_add_participant(
        version=v, role="coordinating", budget=1, agency_description="Sở"
    ),
    "step": lambda v: version_add_step(version=v, name="Thẩm định", budget=1, performer="Phòng"),
}


@pytest.mark.parametrize("state", ["published", "superseded", "abolished"])
@pytest.mark.parametrize("what", sorted(ADDERS))
def test_every_entry_refuses_a_version_that_is_not_a_draft(state, what):
    version = ProcedureVersionFactory(**{state: True})
    with pytest.raises(ApplicationError) as error:
        ADDERS[what](version)
    assert error.value.code == "version_immutable"
    counts = [
        model.objects.filter(version=version).count()
        for model in (RequiredComponent, FeeLine, LegalBasis, Participant, ProcessStep)
    ]
    assert counts == [0, 0, 0, 0, 0]
