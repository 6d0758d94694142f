"""Withdrawing a dossier (rút hồ sơ, Decree 118/2025 Art. 21) with a reason and a
confirmation; rating a returned dossier once online (issue 5 §6)."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.core.exceptions import ConflictError
from motcua.dossiers.constants import DossierStatus
from motcua.feedback.models import Rating, RatingOfficer
from motcua.feedback.services import rating_record_online
from motcua.workflow.tests.states import dossier_in, snapshot

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def counts() -> tuple[int, int]:
    return Rating.objects.count(), RatingOfficer.objects.count()


# --- withdrawal -------------------------------------------------------------------------


def test_withdrawal_needs_a_confirmation_and_a_reason(w):
    dossier = dossier_in(w, "in_progress")
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/rut-ho-so/"
    assert "Rút hồ sơ" in client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    before = snapshot(dossier)
    response = client.post(url, {"reason": "Không còn nhu cầu"})
    assert response.status_code == 400
    assert "Hãy đánh dấu xác nhận để rút hồ sơ." in response.content.decode()
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert "Hãy cho biết lý do rút hồ sơ." in response.content.decode()
    response = client.post(url, {"reason": "x" * 5000, "confirm": "on"})
    assert "Lý do dài quá 2000 ký tự." in response.content.decode()
    assert snapshot(dossier) == before


def test_withdrawing_then_withdrawing_again(w):
    dossier = dossier_in(w, "in_progress")
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/rut-ho-so/"
    response = client.post(url, {"reason": "Đã xây xong bằng giấy phép cũ", "confirm": "on"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWAL_REQUESTED
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Đã gửi đề nghị rút hồ sơ." in html
    assert "Bạn đã đề nghị rút hồ sơ" in html
    assert "Lý do: Đã xây xong bằng giấy phép cũ" in html
    assert "Bộ phận một cửa sẽ gửi bạn thông báo dừng giải quyết hồ sơ." in html
    assert f'href="{url}"' not in html
    before = snapshot(dossier)
    again = client.post(url, {"reason": "Lần nữa", "confirm": "on"})
    assert again.status_code == 409
    assert (
        "Hồ sơ đang ở trạng thái “Công dân yêu cầu rút hồ sơ”, không thể “Rút hồ sơ”."
        in again.content.decode()
    )
    assert snapshot(dossier) == before


@pytest.mark.parametrize("status", ["returned", "stopped", "refused"])
def test_a_finished_dossier_cannot_be_withdrawn(w, status):
    dossier = dossier_in(w, status)
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/rut-ho-so/"
    page = client.get(url).content.decode()
    assert "nên không rút được trực tuyến" in page
    before = snapshot(dossier)
    assert client.post(url, {"reason": "Không còn nhu cầu", "confirm": "on"}).status_code == 409
    assert snapshot(dossier) == before


# --- rating -----------------------------------------------------------------------------


def test_a_returned_dossier_is_rated_once_and_linked_to_its_officers(w):
    dossier = dossier_in(w, "returned")
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/danh-gia/"
    assert (
        "Đánh giá mức độ hài lòng" in client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    )
    form = client.get(url).content.decode()
    for label in ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]:
        assert label in form
    response = client.post(url, {"level": "very_satisfied", "comment": "Cán bộ nhiệt tình"})
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.level, rating.channel, rating.comment) == (
        "very_satisfied",
        "online",
        "Cán bộ nhiệt tình",
    )
    # Received and returned by the counter officer, appraised by the specialist, decided
    # by the leader (workflow/tests/states.py).
    assert sorted(rating.officers.values_list("username", flat=True)) == [
        "chuyenvien.xd",
        "lanhdao.xd",
        "tiepnhan",
    ]
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Cảm ơn bạn đã đánh giá." in html
    assert "Bạn đã đánh giá: <strong>Rất hài lòng</strong>" in html
    before = counts()
    again = client.post(url, {"level": "dissatisfied"})
    assert again.status_code == 409
    html = again.content.decode()
    assert "Ông/bà đã đánh giá hồ sơ này; mỗi hồ sơ được đánh giá trực tuyến một lần." in html
    assert "Bạn đã đánh giá hồ sơ này: <strong>Rất hài lòng</strong>" in html
    assert counts() == before


def test_rating_twice_from_two_open_forms_stores_one(w):
    dossier = dossier_in(w, "returned")
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/danh-gia/"
    client.post(url, {"level": "satisfied"})
    before = counts()
    # A second tab that still shows the form: the service refuses.

    with pytest.raises(ConflictError) as refused:
        rating_record_online(actor=w.an.user, dossier=dossier, level="neutral")
    assert refused.value.code == "already_rated"
    assert counts() == before


@pytest.mark.parametrize("status", ["received", "in_progress", "decided"])
def test_no_rating_before_the_result_is_returned(w, status):
    dossier = (
        dossier_in(w, status, result_ready=True) if status == "decided" else dossier_in(w, status)
    )
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/danh-gia/"
    assert "Bạn đánh giá được sau khi nhận kết quả hồ sơ." in client.get(url).content.decode()
    before = counts()
    response = client.post(url, {"level": "satisfied"})
    assert response.status_code == 409
    assert (
        "Hồ sơ chưa trả kết quả: ông/bà đánh giá được sau khi nhận kết quả."
        in response.content.decode()
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": "excellent"}, "Mức đánh giá không hợp lệ; hãy chọn một trong bốn mức."),
        ({}, "Hãy chọn một mức đánh giá."),
        ({"level": "satisfied", "comment": "x" * 5000}, "Góp ý dài quá 1000 ký tự."),
    ],
)
def test_a_wrong_rating_is_refused_with_a_message(w, data, message):
    dossier = dossier_in(w, "returned")
    response = signed_in(w.an.user).post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == (0, 0)


def test_a_script_in_the_comment_is_stored_as_text_and_shown_escaped(w):
    dossier = dossier_in(w, "returned")
    client = signed_in(w.an.user)
    url = f"/ho-so-cua-toi/{dossier.code}/danh-gia/"
    client.post(url, {"level": "neutral", "comment": "<script>alert('x')</script>"})
    assert Rating.objects.get().comment == "<script>alert('x')</script>"
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
