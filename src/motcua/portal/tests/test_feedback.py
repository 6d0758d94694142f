"""The portal's feedback pages (issue 5 §7): anyone sends a PAKN and gets its code;
only the code with the phone or e-mail given opens it; the published answers are
searchable without diacritics; bad input is refused with a message and nothing stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.feedback import complaints as svc
from motcua.feedback.models import Complaint, ComplaintAttempt, ComplaintEvent, ComplaintFile
from motcua.feedback.tests.complaint_helpers import handler, send
from motcua.workflow.tests.world import PDF, world

SEND = "/phan-anh-kien-nghi/gui/"
LOOKUP = "/phan-anh-kien-nghi/tra-cuu/"


@pytest.fixture
def w(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world()


def _form(w, **overrides):
    data = {
        "loai": "conduct",
        "co_quan": str(w.construction.pk),
        "thu_tuc": "1.009794",
        "tieu_de": "Cán bộ hẹn nhiều lần",
        "noi_dung": "Tôi đến nộp hồ sơ ba lần\nmà vẫn bị hẹn lại.",
        "ho_ten": "Lâm Văn Cường",
        "dien_thoai": "0987654321",
        "email": "",
    }
    data.update(overrides)
    return data


def _rows():
    return (
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        ComplaintFile.objects.count(),
    )


def _published(w, **overrides):
    h = handler(w.construction)
    item = send(w, **overrides)
    item = svc.complaint_accept(actor=h, complaint=item)
    item = svc.complaint_answer(actor=h, complaint=item, answer="Sở đã chấn chỉnh bộ phận một cửa.")
    return svc.complaint_publish(actor=h, complaint=item)


def test_anyone_sends_one_and_reads_its_receipt_and_status(client, w):
    upload = SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf")
    response = client.post(SEND, {**_form(w), "tep": upload})
    item = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/phan-anh-kien-nghi/da-gui/{item.code}/"
    html = client.get(response["Location"]).content.decode()
    assert item.code in html
    assert "Sở Xây dựng tỉnh Vĩnh Long" in html
    assert (item.kind, item.procedure.code, item.files.count()) == ("conduct", "1.009794", 1)
    assert item.content == "Tôi đến nộp hồ sơ ba lần\nmà vẫn bị hẹn lại."
    html = client.get(f"{LOOKUP}{item.code}/").content.decode()
    assert "Chờ tiếp nhận" in html


def test_the_send_form_has_labels_and_a_csrf_token(client, w):
    html = client.get(SEND).content.decode()
    for label in ("Họ và tên *", "Số điện thoại", "Nội dung *", "Cơ quan nhận phản ánh *"):
        assert label in html
    assert "csrfmiddlewaretoken" in html
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(SEND, _form(w)).status_code == 403
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"noi_dung": "x" * 5000}, "Nội dung dài quá 4.000 ký tự"),
        ({"ho_ten": "A" * 5000}, "Họ và tên dài quá 200 ký tự"),
        ({"dien_thoai": "", "email": ""}, "Hãy để lại số điện thoại hoặc thư điện tử"),
        ({"co_quan": "999999"}, "Hãy chọn cơ quan nhận phản ánh"),
        ({"co_quan": "abc"}, "Hãy chọn cơ quan nhận phản ánh"),
        ({"thu_tuc": "9.999999"}, "Không có thủ tục đang áp dụng mang mã “9.999999”"),
        ({"email": "not-an-email"}, "Địa chỉ thư điện tử không hợp lệ"),
    ],
)
def test_bad_input_gets_a_message_keeps_the_values_and_stores_nothing(
    client, w, overrides, message
):
    response = client.post(SEND, _form(w, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Cán bộ hẹn nhiều lần" in html  # what was typed is still there
    assert _rows() == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03 a renamed exe", "Chỉ nhận tệp PDF, PNG hoặc JPEG"),
        ("trang.pdf", b"<html><script>alert(1)</script></html>", "Chỉ nhận tệp PDF, PNG hoặc JPEG"),
    ],
)
def test_bad_attachments_are_refused(client, w, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(SEND, {**_form(w), "tep": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _rows() == (0, 0, 0)


def test_an_oversized_attachment_is_refused(client, w, settings):
    settings.UPLOAD_MAX_BYTES = 1_048_576
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * 1_048_576)
    response = client.post(SEND, {**_form(w), "tep": upload})
    assert "vượt quá dung lượng cho phép 1 MB" in response.content.decode()
    assert _rows() == (0, 0, 0)


def test_sends_are_rate_limited_per_address(client, w, settings):
    settings.PAKN_SENDS_PER_HOUR = 1
    assert client.post(SEND, _form(w)).status_code == 302
    response = Client().post(SEND, _form(w))  # another session, same address
    assert response.status_code == 429
    assert "Đã gửi quá nhiều phản ánh" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_lookup_needs_the_code_and_the_contact_and_leaks_nothing(client, w):
    item = send(w, sender_email="cuong@example.vn")
    assert client.get(f"{LOOKUP}{item.code}/").status_code == 404  # the code alone
    for contact in ("0912345678", "khac@example.vn", ""):
        response = client.post(LOOKUP, {"ma": item.code, "lien_he": contact})
        html = response.content.decode()
        assert response.status_code == 404
        assert "Không tìm thấy phản ánh" in html
        assert item.title not in html and "Lâm Văn Cường" not in html
    forged = client.post(LOOKUP, {"ma": "PAKN-260302-0099", "lien_he": "0987654321"})
    assert forged.status_code == 404
    assert client.get(f"{LOOKUP}{item.code}/").status_code == 404
    response = client.post(LOOKUP, {"ma": item.code, "lien_he": "CUONG@example.vn"})
    assert response["Location"] == f"{LOOKUP}{item.code}/"
    assert item.title in client.get(response["Location"]).content.decode()
    assert Client().get(f"{LOOKUP}{item.code}/").status_code == 404  # another session


def test_failed_lookups_from_one_address_are_limited(client, w, settings):
    settings.PAKN_LOOKUP_FAILURES_PER_HOUR = 2
    item = send(w)
    for _ in range(2):
        client.post(LOOKUP, {"ma": item.code, "lien_he": "0900000000"})
    response = client.post(LOOKUP, {"ma": item.code, "lien_he": "0987654321"})
    assert response.status_code == 429
    assert ComplaintAttempt.objects.filter(kind="lookup_failed").count() == 2


def test_the_sender_votes_once_and_complains_again(client, w):
    item = _published(w)
    client.post(LOOKUP, {"ma": item.code, "lien_he": "0987654321"})
    page = f"{LOOKUP}{item.code}/"
    assert "Sở đã chấn chỉnh bộ phận một cửa." in client.get(page).content.decode()
    client.post(f"{page}danh-gia/", {"danh_gia": "like"})
    html = client.get(page).content.decode()
    assert "Ông/bà đã đánh giá: <strong>Hài lòng</strong>" in html
    client.post(f"{page}danh-gia/", {"danh_gia": "dislike"})
    assert Complaint.objects.get(pk=item.pk).vote == "like"
    assert "Ông/bà đã đánh giá câu trả lời này" in client.get(page).content.decode()
    response = client.post(f"{page}phan-anh-tiep/", {"noi_dung": "Vẫn chưa được giải quyết."})
    follow_up = Complaint.objects.get(follows=item)
    assert response["Location"] == f"/phan-anh-kien-nghi/da-gui/{follow_up.code}/"
    assert Client().post(f"{page}danh-gia/", {"danh_gia": "dislike"}).status_code == 404


def test_the_sender_supplies_more_information(client, w):
    h = handler(w.construction)
    item = svc.complaint_request_info(actor=h, complaint=send(w), request_text="Mã hồ sơ?")
    client.post(LOOKUP, {"ma": item.code, "lien_he": "0987654321"})
    page = f"{LOOKUP}{item.code}/"
    assert "Mã hồ sơ?" in client.get(page).content.decode()
    client.post(f"{page}bo-sung/", {"bo_sung": "000.00.12.H62-260220-0003"})
    item.refresh_from_db()
    assert (item.status, item.info_reply) == ("accepted", "000.00.12.H62-260220-0003")


def test_published_answers_are_found_without_diacritics_and_escaped(client, w):
    item = _published(w, title="Thái độ cán bộ", content="<script>alert('x')</script> Đất đai")
    send(w, title="Chưa trả lời")  # not published: never listed
    html = client.get("/phan-anh-kien-nghi/", {"q": "thai do can bo"}).content.decode()
    assert "Có 1 câu trả lời khớp" in html
    assert "Thái độ cán bộ" in html and "Chưa trả lời" not in html
    assert (
        "Có 0 câu trả lời" in client.get("/phan-anh-kien-nghi/", {"q": "karaoke"}).content.decode()
    )
    html = client.get(f"/phan-anh-kien-nghi/cong-khai/{item.code}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Đất đai" in html
    assert "Lâm V** C****" in html
    assert "0987654321" not in html and "Lâm Văn Cường" not in html
    unpublished = Complaint.objects.get(title="Chưa trả lời")
    assert client.get(f"/phan-anh-kien-nghi/cong-khai/{unpublished.code}/").status_code == 404
