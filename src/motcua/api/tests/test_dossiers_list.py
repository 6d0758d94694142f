"""GET /api/v1/dossiers: who sees what (per role, in SQL), the filters, pages, and a
constant number of queries whatever the page holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.api.tests.dossier_helpers import (
    DOSSIERS,
    assert_error,
    client_for,
    module_world,
    prepared,
    received,
    snapshot,
)
from motcua.workflow import services
from motcua.workflow.tests.world import local, paper

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    with module_world(django_db_blocker) as built:
        yield built


@pytest.fixture
def w(world_of_module: Any, db: Any, settings: Any, tmp_path: Path) -> Any:
    return prepared(world_of_module, settings, tmp_path)


@pytest.fixture
def d(w: Any) -> dict[str, Any]:
    """Four dossiers, all received or filed at the provincial centre:

    - ``old``: a building permit of Cường received on Monday 2 March 2026, 09:00, due
      Monday 9 March 09:00, never moved: overdue now;
    - ``an``: An's building permit received now and transferred to Sở Xây dựng with
      the appraisal given to the specialist of Phòng Quản lý xây dựng;
    - ``binh``: Bình's karaoke licence filed online now, not yet received;
    - ``karaoke``: Cường's karaoke licence received now (police and culture take part).
    """
    old = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.permit_form)],
        at=local(2026, 3, 2, 9, 0),
    )
    an = services.dossier_start_processing(
        dossier=received(w), actor=w.counter, assignee=w.specialist
    )
    binh, _created = services.dossier_submit_online(
        actor=w.binh.user,
        version=w.karaoke_version,
        components=[paper(w.karaoke_form, with_file=True)],
    )
    karaoke = services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.karaoke_version,
        one_stop_unit=w.centre,
        applicant=w.cuong,
        components=[paper(w.karaoke_form)],
    )
    return {"old": old, "an": an, "binh": binh, "karaoke": karaoke}


def names(w: Any, d: dict[str, Any], who: Any, query: str = "") -> set[str]:
    response = client_for(who).get(f"{DOSSIERS}{query}")
    assert response.status_code == 200, response.content
    by_code = {dossier.code: name for name, dossier in d.items()}
    return {by_code[item["code"]] for item in response.json()["items"]}


def test_visibility_per_role(w: Any, d: dict[str, Any]) -> None:
    before = snapshot()
    everything = {"old", "an", "binh", "karaoke"}
    # The centre received or will receive all four.
    assert names(w, d, w.counter) == everything
    assert names(w, d, w.inspector) == everything
    # Sở Xây dựng decides the two permits; its specialists, assigned to a unit, see
    # only what reached their unit.
    assert names(w, d, w.leader) == {"old", "an"}
    assert names(w, d, w.unit_head) == {"old", "an"}
    assert names(w, d, w.specialist) == {"an"}
    assert names(w, d, w.specialist2) == {"an"}
    # Culture decides the karaoke licences; the police takes part in the received one.
    assert names(w, d, w.culture_officer) == {"binh", "karaoke"}
    assert names(w, d, w.police_officer) == {"karaoke"}
    assert names(w, d, w.justice_leader) == set()
    assert names(w, d, w.no_role) == set()
    # Applicants see their own (Cường has no login).
    assert names(w, d, w.an.user) == {"an"}
    assert names(w, d, w.binh.user) == {"binh"}
    assert snapshot() == before


def test_filters(w: Any, d: dict[str, Any]) -> None:
    assert names(w, d, w.counter, "?status=received") == {"old", "karaoke"}
    assert names(w, d, w.counter, "?status=submitted") == {"binh"}
    assert names(w, d, w.counter, "?status=returned") == set()
    assert names(w, d, w.counter, "?procedure=1.001029") == {"binh", "karaoke"}
    assert names(w, d, w.counter, "?procedure=9.999999") == set()
    assert names(w, d, w.counter, "?overdue=true") == {"old"}
    assert names(w, d, w.counter, "?overdue=false") == {"an", "binh", "karaoke"}
    # Receipt gives the intake step to the officer who received.
    assert names(w, d, w.counter, "?assigned_to_me=true") == {"old", "karaoke"}
    assert names(w, d, w.specialist, "?assigned_to_me=true") == {"an"}
    assert names(w, d, w.specialist2, "?assigned_to_me=true") == set()
    assert names(w, d, w.counter, "?status=received&procedure=1.009794&overdue=true") == {"old"}
    # Filters never widen what the caller may see.
    assert names(w, d, w.an.user, "?procedure=1.001029") == set()
    assert names(w, d, w.leader, "?status=submitted") == set()


def test_summary_shape(w: Any, d: dict[str, Any]) -> None:
    response = client_for(w.counter).get(f"{DOSSIERS}?overdue=true")
    assert response.json() == {
        "count": 1,
        "count_capped": False,
        "page": 1,
        "pages": 1,
        "page_size": 20,
        "items": [
            {
                "code": d["old"].code,
                "procedure": {
                    "code": "1.009794",
                    "name": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
                },
                "status": {"value": "received", "label": "Được tiếp nhận", "sync_code": 2},
                "applicant_name": "Lâm Văn Cường",
                "deciding_agency": {"code": "000.00.12.H62", "name": "Sở Xây dựng tỉnh Vĩnh Long"},
                "received_at": "2026-03-02T09:00:00+07:00",
                "appointment_at": "2026-03-09T09:00:00+07:00",
                "current_step_name": "Tiếp nhận",
                "current_assignee": {"username": "tiepnhan", "full_name": "Lê Thị Thu"},
                "overdue": True,
            }
        ],
    }
    items = client_for(w.counter).get(f"{DOSSIERS}?overdue=false").json()["items"]
    assert [item["overdue"] for item in items] == [False, False, False]


def test_staff_see_the_most_urgent_first_and_applicants_the_newest(
    w: Any, d: dict[str, Any]
) -> None:
    items = client_for(w.counter).get(f"{DOSSIERS}?status=received").json()["items"]
    assert [item["code"] for item in items] == [d["old"].code, d["karaoke"].code]
    services.dossier_receive_at_counter(
        actor=w.counter,
        version=w.permit_version,
        one_stop_unit=w.centre,
        applicant=w.an,
        components=[paper(w.permit_form)],
        at=local(2026, 2, 2, 9, 0),
    )
    items = client_for(w.an.user).get(DOSSIERS).json()["items"]
    assert items[0]["code"] == d["an"].code
    assert items[-1]["received_at"] == "2026-02-02T09:00:00+07:00"


def test_staff_lists_put_dossiers_not_yet_received_last(w: Any, d: dict[str, Any]) -> None:
    """No appointment yet sorts after every appointment, on SQLite as on PostgreSQL."""
    items = client_for(w.counter).get(DOSSIERS).json()["items"]
    assert [item["code"] for item in items][-1] == d["binh"].code
    assert items[0]["code"] == d["old"].code


def _receive_many(w: Any, n: int) -> None:
    for _ in range(n):
        services.dossier_receive_at_counter(
            actor=w.counter,
            version=w.copy_version,
            one_stop_unit=w.centre,
            applicant=w.cuong,
            components=[paper(w.copy_form)],
        )


def test_pages(w: Any) -> None:
    _receive_many(w, 23)
    client = client_for(w.counter)
    first = client.get(f"{DOSSIERS}?page=1").json()
    second = client.get(f"{DOSSIERS}?page=2").json()
    beyond = client.get(f"{DOSSIERS}?page=3").json()
    assert (first["count"], first["pages"], first["page_size"], len(first["items"])) == (
        23,
        2,
        20,
        20,
    )
    assert (second["page"], len(second["items"])) == (2, 3)
    assert beyond["items"] == [] and beyond["count"] == 23
    codes = [item["code"] for item in first["items"] + second["items"]]
    assert len(set(codes)) == 23


@pytest.mark.parametrize(
    "query",
    [
        "?page=0",
        "?page=-1",
        "?page=abc",
        "?page=10001",
        "?page=1e3",
        "?status=lost",
        "?overdue=maybe",
        "?assigned_to_me=2",
        "?procedure=" + "x" * 41,
        "?procedure=a%07b",
    ],
)
def test_bad_queries_are_422(w: Any, query: str) -> None:
    body = assert_error(client_for(w.counter).get(f"{DOSSIERS}{query}"), 422, "invalid_input")
    assert body["detail"]["errors"]


def test_an_empty_list_has_one_page(w: Any) -> None:
    assert client_for(w.no_role).get(DOSSIERS).json() == {
        "count": 0,
        "count_capped": False,
        "page": 1,
        "pages": 1,
        "page_size": 20,
        "items": [],
    }


BUDGET = {"counter": 6, "specialist": 6, "leader": 6, "inspector": 8, "citizen": 5}


@pytest.mark.parametrize("who", list(BUDGET))
def test_the_list_takes_a_constant_number_of_queries(
    w: Any, who: str, django_assert_max_num_queries: Any
) -> None:
    user = w.an.user if who == "citizen" else getattr(w, who)

    def queries() -> int:
        client = client_for(user)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(DOSSIERS)
        assert response.status_code == 200
        return len(captured)

    # One dossier every caller sees (on the specialist's desk), then 22 more.
    services.dossier_start_processing(dossier=received(w), actor=w.counter, assignee=w.specialist)
    few = queries()
    for _ in range(22):
        services.dossier_start_processing(
            dossier=received(w), actor=w.counter, assignee=w.specialist
        )
    many = queries()
    assert many == few
    # Session and user, the caller's posts (staff only), count, the page's ids, the
    # page's rows; an inspector's visibility also reads their agency and the agencies
    # below it.
    client = client_for(user)
    with django_assert_max_num_queries(BUDGET[who]):
        client.get(DOSSIERS)


def test_a_long_list_counts_up_to_the_cap_and_says_so(
    w: Any, d: dict[str, Any], monkeypatch
) -> None:
    # The counter officer of the centre sees all four dossiers; with a cap of 3 the
    # list says "3, and more".
    from motcua.api.v1 import dossiers as api_dossiers

    monkeypatch.setattr(api_dossiers, "COUNT_CAP", 3)
    body = client_for(w.counter).get(DOSSIERS).json()
    assert (body["count"], body["count_capped"], body["pages"]) == (3, True, 1)
    assert len(body["items"]) == 4
    monkeypatch.setattr(api_dossiers, "COUNT_CAP", 4)
    body = client_for(w.counter).get(DOSSIERS).json()
    assert (body["count"], body["count_capped"]) == (4, False)
