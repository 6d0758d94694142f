import unicodedata

import pytest

from motcua.catalog.constants import ProcedureLevel
from motcua.catalog.models import Procedure
from motcua.catalog.services import procedure_create, procedure_update
from motcua.catalog.tests.factories import FieldFactory, ProcedureFactory, UserFactory
from motcua.core.exceptions import ApplicationError
from motcua.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_procedure_create_stores_nfc_and_folded_search_text():
    actor = UserFactory()
    field = FieldFactory(code="ho-tich", name="Hộ tịch")
    decomposed = unicodedata.normalize("NFD", "  Đăng ký   khai sinh ")

    procedure = procedure_create(
        actor=actor, code="1.001193", name=decomposed, field=field, level=ProcedureLevel.COMMUNE
    )

    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh"
    assert unicodedata.is_normalized("NFC", procedure.name)
    assert procedure.search_text == "dang ky khai sinh 1.001193"
    assert procedure.field == field
    assert procedure.level == "commune"
    entry = AuditEntry.objects.get(object_type="catalog.procedure")
    assert (entry.action, entry.actor, entry.object_id) == (
        "catalog.procedure_created",
        actor,
        str(procedure.pk),
    )


@pytest.mark.parametrize("code", ["1001776", "1.", ".001776", "1.001776a", "A.001", "1.0.1", ""])
def test_procedure_create_refuses_a_malformed_code(code):
    with pytest.raises(ApplicationError) as error:
        procedure_create(
            actor=None, code=code, name="Thủ tục", field=FieldFactory(), level="province"
        )
    assert error.value.code == "procedure_code_invalid"
    assert not Procedure.objects.exists()


def test_procedure_create_refuses_a_taken_code():
    ProcedureFactory(code="2.000635")
    with pytest.raises(ApplicationError) as error:
        procedure_create(
            actor=None, code="2.000635", name="Khác", field=FieldFactory(), level="province"
        )
    assert error.value.code == "procedure_code_taken"
    assert error.value.detail == {"code": "2.000635"}
    assert Procedure.objects.count() == 1


def test_procedure_create_refuses_an_unknown_level_and_an_empty_name():
    with pytest.raises(ApplicationError) as error:
        procedure_create(actor=None, code="1.1", name="X", field=FieldFactory(), level="district")
    assert error.value.code == "invalid"
    with pytest.raises(ApplicationError) as error:
        procedure_create(actor=None, code="1.1", name="   ", field=FieldFactory(), level="commune")
    assert error.value.code == "invalid"
    assert not Procedure.objects.exists()


def test_procedure_update_renames_and_refolds():
    procedure = ProcedureFactory(code="1.000001", name="Cấp phép cũ")
    other_field = FieldFactory(code="xay-dung", name="Xây dựng")

    procedure_update(
        actor=None,
        procedure=procedure,
        name="Cấp giấy phép xây dựng",
        field=other_field,
        level=ProcedureLevel.COMMUNE,
    )

    procedure.refresh_from_db()
    assert procedure.name == "Cấp giấy phép xây dựng"
    assert procedure.search_text == "cap giay phep xay dung 1.000001"
    assert procedure.field == other_field
    assert procedure.level == "commune"
    entry = AuditEntry.objects.get(action="catalog.procedure_updated")
    assert entry.detail == {"fields": ["name", "field", "level"]}


def test_procedure_update_without_changes_writes_no_audit_and_refuses_bad_level():
    procedure = ProcedureFactory()
    procedure_update(actor=None, procedure=procedure, name=procedure.name)
    assert not AuditEntry.objects.exists()
    with pytest.raises(ApplicationError) as error:
        procedure_update(actor=None, procedure=procedure, level="nowhere")
    assert error.value.code == "invalid"
