"""The counter's rating: the invite on the dossier page (/office/ho-so/<code>/danh-gia/)
and the kiosk screen (/office/kiosk/<unit>/) with its poll and its four buttons."""

from __future__ import annotations

import pytest

from motcua.dossiers.constants import DossierStatus
from motcua.feedback.models import KioskPrompt, Rating
from motcua.feedback.services import kiosk_prompt_open
from motcua.feedback.tests.helpers import other_counter
from motcua.office.tests import closing_helpers
from motcua.office.tests.closing_helpers import client_for
from motcua.workflow.tests.states import dossier_in

w = closing_helpers.w  # the test world fixture

KIOSK = "/office/kiosk/TTPVHCC-VL/"
HX = {"HTTP_HX_REQUEST": "true"}


def rows() -> tuple:
    return (
        list(KioskPrompt.objects.values_list("pk", "answered_at")),
        list(Rating.objects.values_list("pk", flat=True)),
    )


def test_the_officer_invites_and_the_kiosk_stores_the_tap(w):
    dossier = dossier_in(w, DossierStatus.RECEIVED)
    officer = client_for(w.counter)
    assert (
        "Mời người dân đánh giá" in officer.get(f"/office/ho-so/{dossier.code}/").content.decode()
    )
    response = officer.post(f"/office/ho-so/{dossier.code}/danh-gia/")
    assert response.status_code == 302
    shown = officer.get(response["Location"]).content.decode()
    assert "Đã mời người dân đánh giá trên màn hình tại quầy" in shown
    prompt = KioskPrompt.objects.get()

    kiosk = client_for(w.counter)
    screen = kiosk.get(KIOSK).content.decode()
    assert dossier.code in screen
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in screen
    assert "Nguyễn V** A*" in screen and "Nguyễn Văn An" not in screen
    assert "0912345678" not in screen and "086099012345" not in screen
    for label in ("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"):
        assert f">{label}</button>" in screen
    assert 'hx-trigger="every 2s"' in screen
    # The same prompt still shown: nothing to redraw.
    assert kiosk.get(f"{KIOSK}hien-tai/?hien={prompt.pk}", **HX).status_code == 204
    assert dossier.code in kiosk.get(f"{KIOSK}hien-tai/?hien=0", **HX).content.decode()

    thanks = kiosk.post(f"{KIOSK}danh-gia/", {"prompt": prompt.pk, "level": "very_satisfied"}, **HX)
    assert thanks.status_code == 200
    assert "Cảm ơn quý khách đã đánh giá!" in thanks.content.decode()
    assert 'hx-trigger="load delay:5s"' in thanks.content.decode()
    rating = Rating.objects.get()
    assert (rating.level, rating.channel, rating.officer, rating.dossier) == (
        "very_satisfied",
        "counter",
        w.counter,
        dossier,
    )
    idle = kiosk.get(f"{KIOSK}hien-tai/?hien=-1", **HX).content.decode()
    assert "Xin kính chào quý khách" in idle and dossier.code not in idle
    assert (
        "Mời người dân đánh giá"
        not in officer.get(f"/office/ho-so/{dossier.code}/").content.decode()
    )


def test_without_htmx_the_tap_comes_back_to_the_kiosk_page(w):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "returned"))
    kiosk = client_for(w.counter)
    response = kiosk.post(f"{KIOSK}danh-gia/", {"prompt": prompt.pk, "level": "neutral"})
    assert (response.status_code, response["Location"]) == (302, KIOSK)
    assert "Cảm ơn quý khách đã đánh giá!" in kiosk.get(KIOSK).content.decode()


def test_the_kiosk_is_idle_with_nothing_to_rate(w):
    assert "Xin kính chào quý khách" in client_for(w.counter).get(KIOSK).content.decode()


@pytest.mark.parametrize("who", ["leader", "specialist", "citizen", "other_counter"])
def test_only_the_units_counter_officers_open_the_kiosk(w, who):
    kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"))
    user = {"citizen": w.an.user, "other_counter": other_counter(w)[1]}.get(who) or getattr(w, who)
    for url in (KIOSK, f"{KIOSK}hien-tai/"):
        response = client_for(user).get(url)
        assert response.status_code == 403
        assert "000.00.12.H62" not in response.content.decode()


def test_anonymous_kiosk_goes_to_the_sign_in_and_an_unknown_unit_is_404(w):
    assert client_for(None).get(KIOSK).status_code == 302
    assert client_for(w.counter).get("/office/kiosk/KHONG-CO/").status_code == 404


def test_a_forged_rating_for_another_units_prompt_writes_nothing(w):
    unit, officer = other_counter(w)
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"))
    before = rows()
    # Posted to the other unit's kiosk by its officer ...
    response = client_for(officer).post(
        f"/office/kiosk/{unit.code}/danh-gia/", {"prompt": prompt.pk, "level": "satisfied"}, **HX
    )
    assert response.status_code == 403
    assert "Lượt đánh giá không thuộc màn hình này." in response.content.decode()
    # ... or to this unit's kiosk.
    response = client_for(officer).post(
        f"{KIOSK}danh-gia/", {"prompt": prompt.pk, "level": "satisfied"}, **HX
    )
    assert response.status_code == 403
    assert rows() == before


@pytest.mark.parametrize(
    "data",
    [
        {"level": "great"},
        {"level": "<script>alert(1)</script>"},
        {"level": ""},
        {"level": "x" * 10_000},
    ],
)
def test_a_level_that_is_not_one_of_the_four_writes_nothing(w, data):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"))
    before = rows()
    response = client_for(w.counter).post(f"{KIOSK}danh-gia/", {"prompt": prompt.pk, **data}, **HX)
    assert response.status_code == 422
    assert "Mức đánh giá phải là Rất hài lòng, Hài lòng, Bình thường hoặc Không hài lòng." in (
        response.content.decode()
    )
    assert "<script>" not in response.content.decode()
    assert rows() == before


@pytest.mark.parametrize("prompt", ["", "abc", "99999", "1" * 30])
def test_a_prompt_that_does_not_exist_writes_nothing(w, prompt):
    kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"))
    before = rows()
    response = client_for(w.counter).post(
        f"{KIOSK}danh-gia/", {"prompt": prompt, "level": "satisfied"}
    )
    assert response.status_code == 403
    assert rows() == before


def test_a_tap_sent_twice_stores_one_rating(w):
    prompt = kiosk_prompt_open(actor=w.counter, dossier=dossier_in(w, "received"))
    kiosk = client_for(w.counter)
    data = {"prompt": prompt.pk, "level": "satisfied"}
    assert kiosk.post(f"{KIOSK}danh-gia/", data, **HX).status_code == 200
    before = rows()
    again = kiosk.post(f"{KIOSK}danh-gia/", data, **HX)
    assert again.status_code == 409
    assert "Lượt đánh giá này đã được ghi nhận." in again.content.decode()
    assert rows() == before


@pytest.mark.parametrize("who", ["specialist", "citizen", "anonymous"])
def test_only_the_counter_officer_invites(w, who):
    dossier = dossier_in(w, DossierStatus.RECEIVED)
    user = {"citizen": w.an.user, "anonymous": None}.get(who) or getattr(w, who, None)
    response = client_for(user).post(f"/office/ho-so/{dossier.code}/danh-gia/")
    assert (
        response.status_code in {"specialist": (404,), "citizen": (403,), "anonymous": (302,)}[who]
    )
    assert not KioskPrompt.objects.exists()


def test_an_invite_before_receipt_is_refused_clearly(w):
    dossier = dossier_in(w, DossierStatus.SUBMITTED)
    response = client_for(w.counter).post(f"/office/ho-so/{dossier.code}/danh-gia/")
    assert response.status_code == 409
    assert "Chỉ mời đánh giá sau khi tiếp nhận hoặc trả kết quả hồ sơ." in response.content.decode()
    assert not KioskPrompt.objects.exists()
