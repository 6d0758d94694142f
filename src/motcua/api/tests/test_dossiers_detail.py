"""GET /api/v1/dossiers/{code} (everything the caller may see of one dossier, with
bounded history and no file contents) and GET /api/v1/track/{code} (public, nothing
personal)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from motcua.api.tests.dossier_helpers import (
    DOSSIERS,
    PDF_B64,
    assert_error,
    client_for,
    module_world,
    online_body,
    post,
    prepared,
    received,
    snapshot,
)
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_event_append
from motcua.workflow import services
from motcua.workflow.selectors import HISTORY_LIMIT
from motcua.workflow.tests.world import PDF, local, paper

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    with module_world(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(world_of_module: Any, db: Any, settings: Any, tmp_path: Path) -> Any:
    return prepared(world_of_module, settings, tmp_path)


def detail(user: Any, dossier: Dossier) -> dict[str, Any]:
    response = client_for(user).get(f"{DOSSIERS}/{dossier.code}")
    assert response.status_code == 200, response.content
    return dict(response.json())


@pytest.fixture
def permit(w: Any) -> Dossier:
    """Cường's building permit received Monday 2 March 2026 09:00 (due Monday 9 March
    09:00), transferred at 10:00 with the appraisal given to the specialist."""
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 2, 9, 0),
    )
    return services.dossier_start_processing(
        dossier=dossier, actor=w.counter, assignee=w.specialist, at=local(2026, 3, 2, 10, 0)
    )


def test_detail_of_a_dossier_in_progress(w: Any, permit: Dossier) -> None:
    body = detail(w.leader, permit)
    assert body["status"] == {"value": "in_progress", "label": "Đang xử lý", "sync_code": 4}
    assert body["received_at"] == "2026-03-02T09:00:00+07:00"
    assert body["clock_start"] == "2026-03-02T09:00:00+07:00"
    assert body["appointment_at"] == "2026-03-09T09:00:00+07:00"
    assert body["original_appointment_at"] == "2026-03-09T09:00:00+07:00"
    assert body["overdue"] is True
    assert body["channel"] == {"value": "counter", "label": "Trực tiếp"}
    assert body["receiving_unit"] == {
        "code": "TTPVHCC-VL",
        "name": "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
    }
    assert body["current_agency"] == {"code": "000.00.12.H62", "name": "Sở Xây dựng tỉnh Vĩnh Long"}
    assert body["current_step"] == 2
    assert body["current_assignee"] == {"username": "chuyenvien.xd", "full_name": "Phạm Văn Dũng"}
    assert body["applicant"] == {
        "kind": {"value": "citizen", "label": "Công dân"},
        "name": "Lâm Văn Cường",
        "id_number": "086088011111",
        "address": "",
        "phone": "",
        "email": "",
    }
    assert body["representative"] is None
    # Tiếp nhận 0.5 day from 09:00 is due 14:30, closed at 10:00 the same day: on time
    # (read at day granularity, calendar.engine.classify). Thẩm định 3.5
    # days from Monday 10:00 is due Thursday 5 March 15:30 (test_scenarios.py).
    tasks = [
        (
            t["order"],
            t["name"],
            t["status"]["value"],
            t["due_at"],
            (t["outcome"] or {}).get("value"),
        )
        for t in body["tasks"]
    ]
    assert tasks == [
        (1, "Tiếp nhận", "done", "2026-03-02T14:30:00+07:00", "on_time"),
        (2, "Thẩm định", "active", "2026-03-05T15:30:00+07:00", None),
        (3, "Phê duyệt", "pending", None, None),
    ]
    assert body["tasks"][1]["unit"] == {"code": "QLXD", "name": "Phòng Quản lý xây dựng"}
    assert body["tasks"][0]["one_stop_unit"]["code"] == "TTPVHCC-VL"
    [handoff] = body["handoffs"]
    assert handoff == {
        "from_label": "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        "to_label": "Sở Xây dựng tỉnh Vĩnh Long",
        "sent_at": "2026-03-02T10:00:00+07:00",
        "received_at": "2026-03-02T10:00:00+07:00",
        "due_at": "2026-03-02T14:30:00+07:00",
        "outcome": {"value": "on_time", "label": "Đúng hạn"},
        "inter_agency": True,
        "note": "",
    }
    assert [(e["action"]["value"], e["actor"]["username"]) for e in body["history"]] == [
        ("receive_counter", "tiepnhan"),
        ("start_processing", "tiepnhan"),
    ]
    assert body["history"][0]["from_status"] is None
    assert body["history"][1]["from_status"]["value"] == "received"
    assert body["history_count"] == 2


def test_files_are_listed_never_inlined(w: Any, permit: Dossier) -> None:
    body = detail(w.counter, permit)
    [component] = body["components"]
    assert component["component_id"] == w.permit_form.pk
    assert component["form"] == {"value": "original", "label": "Bản chính"}
    assert component["files"] == [
        {"name": "scan.pdf", "size": len(PDF), "content_type": "application/pdf"}
    ]
    assert "%PDF" not in json.dumps(body)


def test_liên_thông_participants_have_their_own_due_times(w: Any) -> None:
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    dossier = services.dossier_start_processing(
        dossier=dossier, actor=w.counter, at=local(2026, 3, 2, 10, 0)
    )
    body = detail(w.police_officer, dossier)
    parts = {p["agency"]["code"]: p for p in body["participants"]}
    assert set(parts) == {w.culture.code, w.police.code}
    # The police's 2 working days run from Monday 10:00: Wednesday 10:00.
    assert parts[w.police.code]["started_at"] == "2026-03-02T10:00:00+07:00"
    assert parts[w.police.code]["due_at"] == "2026-03-04T10:00:00+07:00"
    assert parts[w.culture.code]["started_at"] is None


def test_history_is_capped(w: Any, permit: Dossier) -> None:
    for number in range(60):
        dossier_event_append(
            dossier=permit,
            at=local(2026, 3, 3, 8, 0),
            actor=w.specialist,
            action="hand_off",
            from_status="in_progress",
            note=f"ghi chú {number:02d}",
        )
    body = detail(w.leader, permit)
    assert body["history_count"] == 62
    assert len(body["history"]) == HISTORY_LIMIT == 50
    # The latest rows, oldest of them first.
    assert body["history"][0]["note"] == "ghi chú 10"
    assert body["history"][-1]["note"] == "ghi chú 59"


def test_the_applicant_sees_their_dossier_and_what_they_may_do(w: Any) -> None:
    response = post(client_for(w.an.user), DOSSIERS, online_body(w))
    dossier = Dossier.objects.get(code=response.json()["code"])
    body = detail(w.an.user, dossier)
    assert body["actions"] == [{"value": "withdraw", "label": "Rút hồ sơ"}]
    counter = detail(w.counter, dossier)
    assert [a["value"] for a in counter["actions"]] == [
        "receive",
        "request_supplement",
        "refuse",
        "withdraw",
    ]


# --- public tracking ------------------------------------------------------------------


def test_track_shows_status_times_and_a_masked_name(w: Any) -> None:
    dossier = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 2, 9, 0),
        result_delivery="post",
        delivery_address="Số 5 đường Phạm Thái Bường, Phường 4",
    )
    before = snapshot()
    response = Client().get(f"/api/v1/track/{dossier.code}")
    assert response.status_code == 200
    assert response.json() == {
        "code": dossier.code,
        "status": {"value": "received", "label": "Được tiếp nhận", "sync_code": 2},
        "procedure_name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "deciding_agency": "Sở Xây dựng tỉnh Vĩnh Long",
        "received_at": "2026-03-02T09:00:00+07:00",
        "appointment_at": "2026-03-09T09:00:00+07:00",
        "returned_at": None,
        "applicant": "Nguyễn V** A*",
    }
    text = response.content.decode()
    for secret in (
        "086099012345",
        "0912345678",
        "Phường 1",
        "Phạm Thái Bường",
        "Văn An",
        "tiepnhan",
        "Lê Thị Thu",
        "scan.pdf",
    ):
        assert secret not in text
    assert snapshot() == before


def test_track_does_not_mask_an_organisation(w: Any) -> None:
    response = post(
        client_for(w.counter),
        f"{DOSSIERS}/counter",
        {
            "one_stop_unit": "TTPVHCC-VL",
            "procedure": "1.009794",
            "applicant": {"tax_code": "0100107518", "name": "Công ty TNHH Xây dựng Cửu Long"},
            "components": [
                {
                    "component_id": w.permit_form.pk,
                    "files": [{"name": "a.pdf", "content_base64": PDF_B64}],
                }
            ],
        },
    )
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    tracked = Client().get(f"/api/v1/track/{code}").json()
    assert tracked["applicant"] == "Công ty TNHH Xây dựng Cửu Long"


def test_track_of_an_unknown_code_is_404(w: Any) -> None:
    received(w)
    for code in ("000.00.12.H62-260302-9999", "abc", "x" * 200):
        assert_error(Client().get(f"/api/v1/track/{code}"), 404, "dossier_not_found")
