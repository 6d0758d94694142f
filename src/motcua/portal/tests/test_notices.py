"""/thong-bao/: a signed-in person's in-app notices on the portal (issue 6 §2), the
unread count in the header, marking one read; nobody else's, and nothing written on a
refused request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from motcua.accounts.tests.factories import CitizenFactory, UserFactory
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db

NOTICES = "/thong-bao/"
MARCH = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội


@pytest.fixture
def hoa():
    return CitizenFactory(with_login=True, phone="0912345678").user


def notice(user, n, *, channel="in_app", subject=None, **fields):
    message = Message.objects.create(
        event_key=f"portal:{user.pk}:{channel}:{n}",
        channel=channel,
        recipient=str(user.pk),
        user=user,
        template=TemplateKey.RESULT_READY,
        reference=f"000.00.12.H62-260302-{n:04d}",
        subject=subject if subject is not None else f"Hồ sơ số {n} đã có kết quả",
        body=f"Mời ông/bà đến nhận kết quả hồ sơ số {n}.\nMang theo giấy hẹn.",
        next_attempt_at=MARCH,
        **fields,
    )
    # created_at is set on insert; an hour apart each, so the order is known.
    Message.objects.filter(pk=message.pk).update(created_at=MARCH + dt.timedelta(hours=n))
    return message


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_sees_where_to_sign_in_and_no_notice(client, hoa):
    notice(hoa, 1)
    html = client.get(NOTICES).content.decode()
    assert 'Hãy <a href="/dang-nhap/?next=/thong-bao/">đăng nhập</a> để xem thông báo' in html
    assert "Hồ sơ số 1" not in html
    assert "Thông báo</a>" not in html  # no header link without a sign-in


def test_own_notices_newest_first_with_the_unread_marked(hoa):
    notice(hoa, 1, read_at=MARCH + dt.timedelta(days=1))
    notice(hoa, 2)
    notice(hoa, 3, subject="")  # no subject: the kind of message stands in
    notice(UserFactory(), 9)  # someone else's
    notice(hoa, 4, channel="sms")  # an SMS is not an in-app notice
    html = signed_in(hoa).get(NOTICES).content.decode()
    assert html.index("đã có kết quả") < html.index("Hồ sơ số 2") < html.index("Hồ sơ số 1")
    assert "Hồ sơ số 9" not in html and "Hồ sơ số 4" not in html
    assert "12:00 ngày 02/03/2026" in html  # notice 3, shown in Asia/Ho_Chi_Minh
    assert "Mời ông/bà đến nhận kết quả hồ sơ số 2.<br>Mang theo giấy hẹn." in html
    assert html.count("Đánh dấu đã xem") == 2
    assert '<span class="badge">2 chưa xem</span>' in html


def test_notices_come_twenty_to_a_page(hoa):
    for n in range(1, 23):
        notice(hoa, n)
    first = signed_in(hoa).get(NOTICES).content.decode()
    second = signed_in(hoa).get(NOTICES, {"trang": 2}).content.decode()
    assert "Trang 1/2" in first and "Hồ sơ số 22 " in first and "Hồ sơ số 2 " not in first
    assert "Trang 2/2" in second and "Hồ sơ số 1 " in second and "Hồ sơ số 2 " in second
    for bad in ("x", "-1", "999", "1" * 50):
        assert signed_in(hoa).get(NOTICES, {"trang": bad}).status_code == 200


def test_marking_one_read(hoa):
    mine = notice(hoa, 1)
    client = signed_in(hoa)
    response = client.post(f"{NOTICES}{mine.pk}/da-xem/")
    assert (response.status_code, response["Location"]) == (302, NOTICES)
    mine.refresh_from_db()
    first = mine.read_at
    assert first is not None
    client.post(f"{NOTICES}{mine.pk}/da-xem/")  # again: the first time is kept
    mine.refresh_from_db()
    assert mine.read_at == first
    assert "chưa xem" not in client.get(NOTICES).content.decode()


def test_refused_marks_write_nothing(client, hoa):
    theirs = notice(UserFactory(), 1)
    mine = notice(hoa, 2)
    sms = notice(hoa, 3, channel="sms")
    assert client.post(f"{NOTICES}{mine.pk}/da-xem/").status_code == 404  # anonymous
    me = signed_in(hoa)
    assert me.post(f"{NOTICES}{theirs.pk}/da-xem/").status_code == 404
    assert me.post(f"{NOTICES}{sms.pk}/da-xem/").status_code == 404
    assert me.post(f"{NOTICES}999999/da-xem/").status_code == 404
    assert me.get(f"{NOTICES}{mine.pk}/da-xem/").status_code == 405
    assert me.post(f"{NOTICES}abc/da-xem/").status_code == 404
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(hoa)
    assert strict.post(f"{NOTICES}{mine.pk}/da-xem/").status_code == 403  # no CSRF token
    assert not Message.objects.filter(read_at__isnull=False).exists()
