"""The papers step of online submission: files checked by their content, not their
name, with a message naming each bad file; the limits on size and number; nothing
stored on refusal; documents of the person's own repository, never another's."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile

from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierFile,
    SubmissionDraft,
    SubmissionDraftFile,
)
from motcua.portal.tests.submission_helpers import (
    EXE,
    HTML,
    PDF,
    PERMIT,
    PNG,
    blobs,
    upload,
    url,
    walk_to_papers,
)
from motcua.workflow import services
from motcua.workflow.models import ResultReturn
from motcua.workflow.tests.world import local, paper


@pytest.fixture
def an(client, w):
    client.force_login(w.an.user)
    walk_to_papers(client, PERMIT)
    return client


def _field(w) -> str:
    return f"c{w.permit_form.pk}-tep"


def _stored() -> tuple[int, int]:
    return SubmissionDraftFile.objects.count(), len(blobs())


def test_a_good_pdf_and_png_are_kept_on_the_draft(an, w):
    response = an.post(
        url(PERMIT, "giay-to"),
        {
            _field(w): [upload("don.pdf", PDF), upload("anh.jpg.png", PNG, "image/png")],
            "buoc": "luu",
        },
    )
    assert response.status_code == 302
    rows = list(SubmissionDraftFile.objects.order_by("name").values_list("name", "content_type"))
    assert rows == [("anh.jpg.png", "image/png"), ("don.pdf", "application/pdf")]
    assert _stored() == (2, 2)
    html = an.get(url(PERMIT, "giay-to")).content.decode()
    assert "don.pdf" in html and "anh.jpg.png" in html


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", EXE), ("to-khai.pdf", HTML), ("anh.png", b"GIF89a....")],
)
def test_a_file_whose_content_is_not_pdf_png_or_jpeg_is_refused_by_name(an, w, name, content):
    response = an.post(
        url(PERMIT, "giay-to"), {_field(w): [upload(name, content)], "buoc": "tiep-tuc"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert f"Tệp “{name}”: Chỉ nhận tệp PDF, PNG hoặc JPEG." in html
    assert "Chưa tệp nào trong lần tải lên này được lưu" in html
    assert _stored() == (0, 0)
    assert SubmissionDraft.objects.get().step == "giay-to"


def test_one_bad_file_among_good_ones_stores_none_of_them(an, w):
    response = an.post(
        url(PERMIT, "giay-to"),
        {_field(w): [upload("don.pdf", PDF), upload("virus.pdf", EXE)], "buoc": "luu"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Tệp “virus.pdf”: Chỉ nhận tệp PDF, PNG hoặc JPEG." in html
    assert "don.pdf" not in html.split("Chưa tệp nào")[1].split("Tệp “virus.pdf”")[0]
    assert _stored() == (0, 0)


def test_an_oversized_file_is_refused_before_it_is_read(an, w, settings):
    settings.UPLOAD_MAX_BYTES = 1_048_576
    big = PDF + b"0" * 1_048_576
    response = an.post(url(PERMIT, "giay-to"), {_field(w): [upload("ban-ve.pdf", big)]})
    assert response.status_code == 422
    assert "Tệp “ban-ve.pdf” vượt quá dung lượng cho phép 1 MB." in response.content.decode()
    assert _stored() == (0, 0)


def test_a_request_above_the_total_size_is_refused_whole(an, w, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1_048_576
    part = PDF + b"0" * 1_200_000
    response = an.post(
        url(PERMIT, "giay-to"), {_field(w): [upload("a.pdf", part), upload("b.pdf", part)]}
    )
    assert response.status_code == 413
    assert "vượt quá 2 MB nên chưa tệp nào được lưu" in response.content.decode()
    assert _stored() == (0, 0)


def test_at_most_five_files_a_paper(an, w):
    six = [upload(f"trang-{i}.pdf", PDF + bytes([i])) for i in range(6)]
    response = an.post(url(PERMIT, "giay-to"), {_field(w): six})
    assert response.status_code == 422
    assert "Mỗi giấy tờ tối đa 5 tệp; bạn đã chọn 6 tệp." in response.content.decode()
    assert _stored() == (0, 0)

    four = [upload(f"trang-{i}.pdf", PDF + bytes([i])) for i in range(4)]
    assert an.post(url(PERMIT, "giay-to"), {_field(w): four}).status_code == 302
    two = [upload(f"them-{i}.pdf", PDF + bytes([10 + i])) for i in range(2)]
    response = an.post(url(PERMIT, "giay-to"), {_field(w): two})
    assert response.status_code == 422
    assert "Mỗi giấy tờ tối đa 5 tệp; giấy tờ này đã có 4 tệp." in response.content.decode()
    assert _stored() == (4, 4)


def test_the_draft_as_a_whole_has_a_size_cap(an, w, monkeypatch):
    monkeypatch.setattr("motcua.dossiers.drafts.draft_max_bytes", lambda: 40)
    response = an.post(url(PERMIT, "giay-to"), {_field(w): [upload("don.pdf", PDF + b"1" * 40)]})
    assert response.status_code == 422
    assert "Tổng dung lượng các tệp của hồ sơ vượt quá" in response.content.decode()
    assert _stored() == (0, 0)


def test_continuing_without_a_mandatory_paper_is_refused(an, w):
    response = an.post(url(PERMIT, "giay-to"), {"buoc": "tiep-tuc"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Tờ khai theo mẫu: Chưa đính kèm tệp cho giấy tờ bắt buộc này." in html
    assert "(bắt buộc)" in html
    assert f'href="#{_field(w)}"' in html
    assert SubmissionDraft.objects.get().step == "giay-to"


def test_a_file_can_be_taken_off_and_its_blob_goes(an, w, django_capture_on_commit_callbacks):
    an.post(url(PERMIT, "giay-to"), {_field(w): [upload("sai.pdf", PDF)]})
    row = SubmissionDraftFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = an.post(url(PERMIT, "giay-to"), {"xoa": str(row.pk)})
    assert response.status_code == 302
    assert _stored() == (0, 0)
    assert an.post(url(PERMIT, "giay-to"), {"xoa": "999999"}).status_code == 404
    assert an.post(url(PERMIT, "giay-to"), {"xoa": "1 OR 1=1"}).status_code == 404


# --- the person's repository ----------------------------------------------------------


def _earlier_dossier(w, user, content: bytes, name: str) -> Dossier:
    dossier, _ = services.dossier_submit_online(
        actor=user,
        version=w.permit_version,
        components=[
            paper(w.permit_form).__class__(
                required=w.permit_form,
                name=w.permit_form.name,
                form=w.permit_form.form,
                files=(services.UploadedFile(name=name, content=content),),
            )
        ],
        result_delivery="counter",
        at=local(2026, 3, 2, 9, 0),
    )
    return dossier


@pytest.fixture
def repository(w):
    """An's earlier dossier with a file and an electronic result; Bình's with a file."""
    mine = _earlier_dossier(w, w.an.user, PDF + b"an", "so-do-nha.pdf")
    theirs = _earlier_dossier(w, w.binh.user, PDF + b"binh", "cua-binh.pdf")
    content = PDF + b"result"
    digest = hashlib.sha256(content).hexdigest()
    stored = ResultReturn._meta.get_field("file").storage.save(
        f"results/{digest[:2]}/{digest}", ContentFile(content)
    )
    result = ResultReturn.objects.create(
        dossier=mine,
        way="online",
        file=stored,
        file_name="giay-phep.pdf",
        returned_at=local(2026, 3, 9, 9, 0),
    )
    return {
        "mine": DossierFile.objects.get(component__dossier=mine),
        "theirs": DossierFile.objects.get(component__dossier=theirs),
        "result": result,
    }


def test_own_documents_are_offered_and_nobody_elses(an, w, repository):
    html = an.get(url(PERMIT, "giay-to")).content.decode()
    assert "Hoặc dùng tài liệu có sẵn trong kho dữ liệu của bạn" in html
    assert "so-do-nha.pdf" in html
    assert "Kết quả: giay-phep.pdf" in html
    assert "cua-binh.pdf" not in html
    assert f'value="tep-{repository["theirs"].pk}"' not in html


def test_a_document_of_the_repository_is_reused_without_upload(an, w, repository):
    kho = f"c{w.permit_form.pk}-kho"
    blobs_before = len(blobs())
    response = an.post(url(PERMIT, "giay-to"), {kho: f"tep-{repository['mine'].pk}", "buoc": "luu"})
    assert response.status_code == 302
    response = an.post(
        url(PERMIT, "giay-to"), {kho: f"kq-{repository['result'].pk}", "buoc": "tiep-tuc"}
    )
    assert response.status_code == 302
    rows = SubmissionDraftFile.objects.order_by("name")
    assert [(r.name, r.reused_from_repository) for r in rows] == [
        ("giay-phep.pdf", True),
        ("so-do-nha.pdf", True),
    ]
    assert len(blobs()) == blobs_before  # no copy
    an.post(url(PERMIT, "nhan-ket-qua"), {"cach_nhan": "counter"})
    draft = SubmissionDraft.objects.get()
    an.post(url(PERMIT, "xem-lai"), {"nhap": str(draft.token)})
    dossier = Dossier.objects.latest("pk")
    component = DossierComponent.objects.get(dossier=dossier)
    assert component.reused_from_repository is True
    assert sorted(component.files.values_list("name", flat=True)) == [
        "giay-phep.pdf",
        "so-do-nha.pdf",
    ]


@pytest.mark.parametrize("ref", ["theirs", "tep-abc", "kq-99999", "x-1", "tep-1;DROP"])
def test_another_persons_or_a_forged_document_is_refused(an, w, repository, ref):
    kho = f"c{w.permit_form.pk}-kho"
    value = f"tep-{repository['theirs'].pk}" if ref == "theirs" else ref
    response = an.post(url(PERMIT, "giay-to"), {kho: value, "buoc": "tiep-tuc"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Tài liệu đã chọn không có trong kho dữ liệu của bạn." in html
    assert "cua-binh.pdf" not in html
    assert SubmissionDraftFile.objects.count() == 0
