"""Shared by the tests of /api/v1/dossiers and /api/v1/track: clients for each kind
of caller, dossiers in each state (built through the real services), and a snapshot
of everything a request could write, to assert that a refusal wrote nothing."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.test import Client

from motcua.accounts.constants import RoleCode
from motcua.accounts.models import ApiToken, Citizen, Organisation, User
from motcua.accounts.services import staff_user_create
from motcua.agencies.services import staff_assign_role
from motcua.core.models import AuditEntry
from motcua.dossiers.constants import Decision
from motcua.dossiers.models import (
    Dossier,
    DossierCodeSequence,
    DossierComponent,
    DossierEvent,
    DossierFile,
)
from motcua.workflow import services
from motcua.workflow.models import (
    ApologyNotice,
    DossierParticipant,
    Handoff,
    Refusal,
    StopNotice,
    SupplementItem,
    SupplementRequest,
    Task,
)
from motcua.workflow.tests.states import FAST_HASHERS, world_for_module
from motcua.workflow.tests.world import PASSWORD, PDF, paper

API = "/api/v1"
DOSSIERS = f"{API}/dossiers"
JSON = "application/json"
PDF_B64 = base64.b64encode(PDF).decode()


@contextmanager
def module_world(django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """One test world for a module (rolled back at its end, see
    ``workflow.tests.states.world_for_module``), plus a provincial inspector."""
    with world_for_module(django_db_blocker) as built:
        built.inspector = inspector(built)
        yield built


def prepared(world: SimpleNamespace, settings: Any, tmp_path: Path) -> SimpleNamespace:
    """The module's world for one test. The world's passwords are hashed with
    FAST_HASHERS, which must stay enabled for logins to check them; uploaded files go
    to a fresh directory, so a test can count what was stored."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    return world


# --- callers ------------------------------------------------------------------------------


def client_for(user: User | None) -> Client:
    """A session client for ``user`` (anonymous with ``None``). The test client skips
    the CSRF check unless asked; the bearer-token tests exercise the other scheme."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def token_for(user: User) -> str:
    """A bearer token from POST /api/v1/auth/token, as a mobile client gets one."""
    response = Client().post(
        f"{API}/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    return str(response.json()["token"])


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post(client: Client, url: str, body: Any = None, **extra: Any) -> Any:
    data = json.dumps({} if body is None else body)
    return client.post(url, data, content_type=JSON, **extra)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape, with the status and (if given) the code."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["detail"], dict)
    if code is not None:
        assert body["code"] == code, body
    return dict(body)


def inspector(w: Any) -> User:
    """An inspector of the province: sees every dossier below it, may act on none (the
    "officer without the role" of the matrices)."""
    user = staff_user_create(
        actor=None, username="thanhtra", full_name="Bùi Văn Tra", password=PASSWORD
    )
    staff_assign_role(actor=None, user=user, role_code=RoleCode.INSPECTOR, agency=w.province)
    return user


# --- nothing written ----------------------------------------------------------------------

_COUNTED = (
    Dossier,
    DossierComponent,
    DossierFile,
    DossierEvent,
    DossierCodeSequence,
    Task,
    Handoff,
    DossierParticipant,
    SupplementRequest,
    SupplementItem,
    Refusal,
    ApologyNotice,
    StopNotice,
    AuditEntry,
    Citizen,
    Organisation,
    User,
    ApiToken,
)


def _stored_files() -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum(len(files) for _dir, _subdirs, files in os.walk(root)) if root.exists() else 0


def snapshot() -> dict[str, Any]:
    """Row counts of everything the dossier endpoints write, the state of every dossier
    and task, the code counters, and the files on disk."""
    state: dict[str, Any] = {model.__name__: model.objects.count() for model in _COUNTED}
    state["dossiers"] = list(
        Dossier.objects.order_by("pk").values_list(
            "pk",
            "status",
            "updated_at",
            "current_step",
            "current_assignee_id",
            "appointment_at",
            "fee_requested",
            "fee_paid",
            "supplement_stage",
            "result_ready_at",
        )
    )
    state["tasks"] = list(
        Task.objects.order_by("pk").values_list("pk", "status", "assignee_id", "due_at")
    )
    state["sequences"] = list(DossierCodeSequence.objects.order_by("pk").values_list("pk", "last"))
    state["files"] = _stored_files()
    return state


# --- dossiers in each state (through the services) ----------------------------------------


def submitted(w: Any, *, owner: Any = None) -> Dossier:
    """A construction permit filed online by An (status 1)."""
    citizen = owner or w.an
    dossier, _created = services.dossier_submit_online(
        actor=citizen.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
    )
    return dossier


def received(w: Any, *, applicant: Any = None) -> Dossier:
    """A construction permit received at the centre's counter, An's by default."""
    return services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=applicant or w.an,
        components=[paper(w.permit_form)],
    )


def in_progress(w: Any, **kwargs: Any) -> Dossier:
    return services.dossier_start_processing(dossier=received(w, **kwargs), actor=w.counter)


def assigned(w: Any, **kwargs: Any) -> Dossier:
    """In progress at Sở Xây dựng, the appraisal step given to the unit's specialist."""
    return services.dossier_assign(
        dossier=in_progress(w, **kwargs), actor=w.unit_head, assignee=w.specialist
    )


def awaiting_supplement(w: Any) -> Dossier:
    return services.dossier_request_supplement(
        dossier=submitted(w),
        actor=w.counter,
        items=[services.SupplementItemInput(name="Bản vẽ thiết kế", reason="Thiếu chữ ký")],
        reason="Hồ sơ chưa đủ",
    )


def awaiting_payment(w: Any) -> Dossier:
    return services.dossier_request_payment(dossier=in_progress(w), actor=w.counter, amount=50_000)


def decided(w: Any) -> Dossier:
    return services.dossier_decide(
        dossier=in_progress(w), actor=w.leader, decision=Decision.APPROVED
    )


def result_ready(w: Any) -> Dossier:
    return services.dossier_mark_result_ready(dossier=decided(w), actor=w.counter)


def withdrawal_requested(w: Any) -> Dossier:
    return services.dossier_withdraw(dossier=received(w), actor=w.an.user, reason="Không cần nữa")


def online_body(w: Any, **overrides: Any) -> dict[str, Any]:
    """A valid online submission of the construction permit with one scan."""
    body: dict[str, Any] = {
        "procedure": "1.009794",
        "components": [
            {
                "component_id": w.permit_form.pk,
                "files": [{"name": "to-khai.pdf", "content_base64": PDF_B64}],
            }
        ],
        "result_delivery": "online",
    }
    body.update(overrides)
    return body


def counter_body(w: Any, **overrides: Any) -> dict[str, Any]:
    """A valid counter receipt of the construction permit for Cường (no login)."""
    body: dict[str, Any] = {
        "one_stop_unit": "TTPVHCC-VL",
        "procedure": "1.009794",
        "applicant": {"citizen_id": "086088011111"},
        "components": [{"component_id": w.permit_form.pk}],
    }
    body.update(overrides)
    return body
