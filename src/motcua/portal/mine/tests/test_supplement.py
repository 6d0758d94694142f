"""Answering a supplement request online (Mẫu 02): one file per requested item, checked
by content; a bad file, a missing one or a dossier that no longer waits → a clear
message and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import DossierComponent
from motcua.workflow.models import SupplementItem
from motcua.workflow.tests.states import dossier_in, snapshot
from motcua.workflow.tests.world import PDF

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored_files(settings) -> list[str]:
    return sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def field_of(dossier) -> str:
    item = SupplementItem.objects.get(request__dossier=dossier)
    return f"item_{item.pk}"


@pytest.mark.parametrize("stage", ["appraisal", "intake"])
def test_the_page_lists_what_is_missing_and_why(w, stage):
    dossier = dossier_in(w, "awaiting_supplement", stage=stage)
    client = signed_in(w.an.user)
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Đang chờ bạn bổ sung hồ sơ" in html
    assert "Lý do: Hồ sơ chưa hợp lệ" in html
    assert "<strong>Tờ khai theo mẫu</strong>: Bản vẽ thiếu chữ ký của chủ đầu tư" in html
    assert "Nộp bổ sung trực tuyến" in html
    form = client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/").content.decode()
    assert 'type="file"' in form
    assert "Lý do: Bản vẽ thiếu chữ ký của chủ đầu tư" in form


def test_uploading_the_paper_resumes_the_dossier(w):
    dossier = dossier_in(w, "awaiting_supplement")
    client = signed_in(w.an.user)
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {
            field_of(dossier): SimpleUploadedFile("ban-ve.png", PNG, "image/png"),
            "note": "Đã ký bổ sung",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.code}/"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROGRESS
    added = DossierComponent.objects.get(dossier=dossier, supplement_stage="appraisal")
    assert added.name == "Tờ khai theo mẫu"
    assert [(f.name, f.content_type) for f in added.files.all()] == [("ban-ve.png", "image/png")]
    html = client.get(response["Location"]).content.decode()
    assert "Đã nộp bổ sung hồ sơ." in html
    assert "Hồ sơ đã được bổ sung" in html
    assert "Đang xử lý tại Sở Xây dựng tỉnh Vĩnh Long" in html


def test_an_intake_supplement_goes_back_to_the_officers_check(w):
    dossier = dossier_in(w, "awaiting_supplement", stage="intake")
    signed_in(w.an.user).post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {field_of(dossier): SimpleUploadedFile("ban-ve.pdf", PDF, "application/pdf")},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


BAD_FILES = {
    "renamed exe": (
        "ban-ve.pdf",
        b"MZ\x90\x00\x03" + b"\x00" * 64,
        "Chỉ nhận tệp PDF, PNG hoặc JPEG.",
    ),
    "html named pdf": (
        "ban-ve.pdf",
        b"<html><script>alert(1)</script></html>",
        "Chỉ nhận tệp PDF, PNG hoặc JPEG.",
    ),
    "oversized": ("ban-ve.pdf", PDF + b"0" * 2048, "Tệp vượt quá dung lượng cho phép"),
    "empty": ("ban-ve.pdf", b"", "Tệp rỗng"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_and_nothing_written(w, settings, case):
    settings.UPLOAD_MAX_BYTES = 2048
    name, content, message = BAD_FILES[case]
    dossier = dossier_in(w, "awaiting_supplement")
    before = snapshot(dossier)
    stored = stored_files(settings)
    response = signed_in(w.an.user).post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {field_of(dossier): SimpleUploadedFile(name, content, "application/pdf")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Chưa nộp được: hãy xem lỗi ở từng giấy tờ bên dưới." in html
    assert "<script>" not in html
    assert snapshot(dossier) == before
    assert stored_files(settings) == stored


def test_a_missing_file_is_named(w):
    dossier = dossier_in(w, "awaiting_supplement")
    before = snapshot(dossier)
    response = signed_in(w.an.user).post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {})
    assert response.status_code == 400
    assert "Hãy chọn tệp cho “Tờ khai theo mẫu”." in response.content.decode()
    assert snapshot(dossier) == before


def test_a_note_too_long_or_with_script_is_handled(w):
    dossier = dossier_in(w, "awaiting_supplement")
    before = snapshot(dossier)
    client = signed_in(w.an.user)
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {
            field_of(dossier): SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
            "note": "x" * 5000,
        },
    )
    assert response.status_code == 400
    assert "Ghi chú dài quá 2000 ký tự." in response.content.decode()
    assert snapshot(dossier) == before
    client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {
            field_of(dossier): SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
            "note": "<script>alert(1)</script>",
        },
    )
    html = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("status", ["in_progress", "returned", "withdrawal_requested"])
def test_no_supplement_when_the_dossier_does_not_wait_for_one(w, status):
    dossier = dossier_in(w, status)
    before = snapshot(dossier)
    client = signed_in(w.an.user)
    for response in (
        client.get(f"/ho-so-cua-toi/{dossier.code}/bo-sung/"),
        client.post(
            f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
            {"item_1": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
        ),
    ):
        assert response.status_code == 409
        assert "Hồ sơ này hiện không chờ bổ sung" in response.content.decode()
    assert snapshot(dossier) == before


def test_a_supplement_answered_in_another_tab_is_refused_the_second_time(w):
    dossier = dossier_in(w, "awaiting_supplement")
    client = signed_in(w.an.user)
    field = field_of(dossier)
    url = f"/ho-so-cua-toi/{dossier.code}/bo-sung/"
    client.post(url, {field: SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    before = snapshot(dossier)
    again = client.post(url, {field: SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    assert again.status_code == 409
    assert snapshot(dossier) == before
