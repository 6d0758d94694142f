"""Online submission, step by step (issue 5 §3): who may file, each step's checks,
the draft kept between visits, the receipt, and a double submission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motcua.accounts.services import organisation_register
from motcua.accounts.tests.factories import verified
from motcua.catalog import services as catalog
from motcua.dossiers.constants import Channel, DossierStatus
from motcua.dossiers.models import Dossier, DossierFile, SubmissionDraft, SubmissionDraftFile
from motcua.portal.submission.access import may_submit
from motcua.portal.tests.submission_helpers import (
    BIRTH,
    BIRTH_ANSWERS,
    COPY,
    PDF,
    PERMIT,
    PNG,
    blobs,
    upload,
    url,
    walk_to_papers,
    walk_to_review,
)
from motcua.workflow.tests.world import PASSWORD


@pytest.fixture
def an(client, w):
    client.force_login(w.an.user)
    return client


def _rows() -> tuple[int, int, int, int]:
    return (
        SubmissionDraft.objects.count(),
        SubmissionDraftFile.objects.count(),
        Dossier.objects.count(),
        len(blobs()),
    )


# --- who may file ---------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_and_back(client, w):
    response = client.get(url(BIRTH))
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/nop-ho-so/1.001193/"


def test_staff_account_is_refused_and_nothing_written(client, w):
    client.force_login(w.counter)
    assert may_submit(w.counter) is False
    response = client.get(url(BIRTH, "nguoi-nop"))
    assert response.status_code == 403
    assert "Tài khoản này không nộp hồ sơ trực tuyến được" in response.content.decode()
    response = client.post(url(BIRTH, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    assert response.status_code == 403
    assert _rows() == (0, 0, 0, 0)


def test_citizen_and_organisation_may_submit(w):
    assert may_submit(w.an.user) is True
    assert may_submit(verified(_organisation()).user) is True
    assert may_submit(w.no_role) is False


def test_an_unverified_account_is_sent_to_verify_first_and_nothing_written(client, w):
    unproven = _organisation()
    client.force_login(unproven.user)
    assert may_submit(unproven.user) is False
    response = client.get(url(PERMIT, "nguoi-nop"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Hãy xác minh tài khoản trước khi nộp hồ sơ" in html
    assert 'href="/xac-minh/"' in html
    response = client.post(url(PERMIT, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    assert response.status_code == 403
    assert _rows() == (0, 0, 0, 0)


def _organisation():
    return organisation_register(
        tax_code="0100107518",
        name="Tổng công ty Hàng không Việt Nam",
        address="200 Nguyễn Sơn, Long Biên, Hà Nội",
        password=PASSWORD,
    )


def test_an_organisation_files_in_its_own_name(client, w):
    organisation = verified(_organisation())
    client.force_login(organisation.user)
    html = client.get(url(PERMIT, "nguoi-nop")).content.decode()
    assert "Tổng công ty Hàng không Việt Nam" in html
    assert "Mã số thuế" in html
    draft = walk_to_review(client, PERMIT, w.permit_version, [("don.pdf", PDF)])
    client.post(url(PERMIT, "xem-lai"), {"nhap": str(draft.token)})
    dossier = Dossier.objects.get()
    assert dossier.organisation == organisation
    assert dossier.applicant_id_number == "0100107518"


@pytest.mark.parametrize("code", ["9.999999", "1.000001", "%3Cscript%3E", "1.001193'--", "x" * 41])
def test_forged_or_unpublished_procedure_is_not_found(an, code):
    assert an.get(f"/nop-ho-so/{code}/nguoi-nop/").status_code == 404
    assert an.get(f"/nop-ho-so/{code}/").status_code == 404
    assert SubmissionDraft.objects.count() == 0


def test_procedure_without_online_service_says_so(an):
    response = an.get(url(COPY, "nguoi-nop"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thủ tục này chưa nộp trực tuyến được" in html
    assert "“Cấp bản sao từ sổ gốc” chưa cung cấp dịch vụ công trực tuyến" in html
    an.post(url(COPY, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    assert SubmissionDraft.objects.count() == 0


def test_unknown_step_is_not_found(an):
    assert an.get(url(BIRTH, "buoc-la")).status_code == 404


# --- step 1: the applicant ------------------------------------------------------------


def test_applicant_step_is_prefilled_from_the_citizen_record(an):
    response = an.get(url(BIRTH))
    assert response["Location"] == "/nop-ho-so/1.001193/nguoi-nop/"
    html = an.get(url(BIRTH, "nguoi-nop")).content.decode()
    assert "Nguyễn Văn An" in html
    assert "086099012345" in html
    assert "Phường 1, Vĩnh Long" in html
    assert "0912345678" in html
    assert 'aria-current="step"' in html


@pytest.mark.parametrize(
    ("posted", "messages"),
    [
        ({}, ["Hãy chọn ai nộp hồ sơ."]),
        (
            {"nguoi_nop": "uy-quyen"},
            [
                "Cần nhập họ và tên người được ủy quyền.",
                "Cần nhập số định danh cá nhân của người được ủy quyền.",
                "Cần nhập văn bản ủy quyền (số, ngày).",
            ],
        ),
        (
            {
                "nguoi_nop": "uy-quyen",
                "uq_ho_ten": "A" * 5000,
                "uq_so_dinh_danh": "12345",
                "uq_van_ban": "Giấy ủy quyền\x01",
            },
            [
                "Họ và tên người được ủy quyền tối đa 200 ký tự.",
                "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                "Có ký tự không hợp lệ (ký tự điều khiển).",
            ],
        ),
        ({"nguoi_nop": "ai-do"}, ["Hãy chọn ai nộp hồ sơ."]),
    ],
)
def test_applicant_step_refuses_with_a_message_per_field(an, posted, messages):
    response = an.post(url(BIRTH, "nguoi-nop"), posted)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Chưa thể tiếp tục" in html
    for message in messages:
        assert message in html
    assert 'href="#id_' in html  # the summary links to the field
    assert SubmissionDraft.objects.count() == 0


def test_later_steps_are_closed_until_the_earlier_ones_are_done(an):
    response = an.get(url(BIRTH, "xem-lai"))
    assert response["Location"] == "/nop-ho-so/1.001193/nguoi-nop/"
    an.post(url(BIRTH, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    response = an.get(url(BIRTH, "giay-to"))
    assert response["Location"] == "/nop-ho-so/1.001193/to-khai/"


def test_representative_is_kept_and_shown_for_review(an, w):
    an.post(
        url(PERMIT, "nguoi-nop"),
        {
            "nguoi_nop": "uy-quyen",
            "uq_ho_ten": "Trần Văn Bảo",
            "uq_so_dinh_danh": "086099099999",
            "uq_van_ban": "Giấy ủy quyền số 12/2026",
        },
    )
    draft = SubmissionDraft.objects.get()
    assert draft.answers["representative"] == {
        "name": "Trần Văn Bảo",
        "id_number": "086099099999",
        "authorisation": "Giấy ủy quyền số 12/2026",
    }
    assert draft.step == "giay-to"


# --- step 2: the e-form ---------------------------------------------------------------


def test_eform_lists_every_missing_field_and_stores_nothing(an):
    an.post(url(BIRTH, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    before = SubmissionDraft.objects.get().answers
    response = an.post(url(BIRTH, "to-khai"), {"tk-ho_ten": "", "tk-gioi_tinh": "khac"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Chưa nhập thông tin bắt buộc: Họ, chữ đệm và tên người được khai sinh." in html
    assert "Chưa nhập thông tin bắt buộc: Ngày, tháng, năm sinh." in html
    assert 'href="#tk-ho_ten"' in html
    assert 'id="tk-ho_ten-loi"' in html
    draft = SubmissionDraft.objects.get()
    assert draft.answers == before
    assert draft.step == "to-khai"


def test_eform_refuses_a_5000_character_name(an):
    an.post(url(BIRTH, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    response = an.post(url(BIRTH, "to-khai"), {**BIRTH_ANSWERS, "tk-ho_ten": "Khang" * 1000})
    assert response.status_code == 422
    assert (
        "Họ, chữ đệm và tên người được khai sinh: Dài quá 100 ký tự." in response.content.decode()
    )
    assert "eform" not in SubmissionDraft.objects.get().answers


def test_script_in_text_is_kept_as_text_and_escaped_on_review(an, w):
    walk_to_papers(an, BIRTH)
    an.post(
        url(BIRTH, "to-khai"),
        {**BIRTH_ANSWERS, "tk-noi_sinh": "<script>alert('x')</script>"},
    )
    an.post(url(BIRTH, "giay-to"), {f"c{w.birth_form.pk}-tep": [_pdf()], "buoc": "tiep-tuc"})
    an.post(url(BIRTH, "nhan-ket-qua"), {"cach_nhan": "counter"})
    html = an.get(url(BIRTH, "xem-lai")).content.decode()
    assert "<script>alert('x')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


# --- step 4: delivery -----------------------------------------------------------------


def test_delivery_by_post_needs_an_address(an, w):
    walk_to_papers(an, PERMIT)
    an.post(url(PERMIT, "giay-to"), {f"c{w.permit_form.pk}-tep": [_pdf()], "buoc": "tiep-tuc"})
    response = an.post(url(PERMIT, "nhan-ket-qua"), {"cach_nhan": "post", "dia_chi": " "})
    assert response.status_code == 422
    assert "Cần nhập địa chỉ nhận kết quả qua bưu chính." in response.content.decode()
    # A paper result (the version's result type) is not offered online.
    response = an.post(url(PERMIT, "nhan-ket-qua"), {"cach_nhan": "online"})
    assert "Hãy chọn một hình thức nhận kết quả trong danh sách." in response.content.decode()
    assert "delivery" not in SubmissionDraft.objects.get().answers


def test_delivery_address_is_prefilled_from_the_profile(an, w):
    walk_to_papers(an, PERMIT)
    an.post(url(PERMIT, "giay-to"), {f"c{w.permit_form.pk}-tep": [_pdf()], "buoc": "tiep-tuc"})
    html = an.get(url(PERMIT, "nhan-ket-qua")).content.decode()
    assert 'value="Phường 1, Vĩnh Long"' in html


# --- the draft between visits ---------------------------------------------------------


def test_draft_resumes_where_the_person_left(an, w):
    walk_to_papers(an, BIRTH)
    an.post(url(BIRTH, "giay-to"), {f"c{w.birth_form.pk}-tep": [_pdf()], "buoc": "tiep-tuc"})
    an.logout()
    an.force_login(w.an.user)
    response = an.get(url(BIRTH))
    assert response["Location"] == "/nop-ho-so/1.001193/nhan-ket-qua/"
    # Going back keeps what was typed.
    html = an.get(url(BIRTH, "to-khai")).content.decode()
    assert 'value="Nguyễn Minh Khang"' in html
    html = an.get(url(BIRTH, "giay-to")).content.decode()
    assert "scan.pdf" in html
    # Editing an earlier step does not lose the furthest step reached.
    an.post(url(BIRTH, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    assert SubmissionDraft.objects.get().step == "nhan-ket-qua"


def test_another_citizens_draft_is_never_reached(an, w):
    client = Client()
    walk_to_papers(an, BIRTH)
    an.post(url(BIRTH, "giay-to"), {f"c{w.birth_form.pk}-tep": [_pdf()], "buoc": "luu"})
    mine = SubmissionDraftFile.objects.get()
    client.force_login(w.binh.user)
    # Bình starts from the first step with nothing of An's.
    html = client.get(url(BIRTH, "nguoi-nop")).content.decode()
    assert "Nguyễn Văn An" not in html
    assert client.get(url(BIRTH, "giay-to"))["Location"] == "/nop-ho-so/1.001193/nguoi-nop/"
    walk_to_papers(client, BIRTH)
    response = client.post(url(BIRTH, "giay-to"), {"xoa": str(mine.pk)})
    assert response.status_code == 404
    assert SubmissionDraftFile.objects.filter(pk=mine.pk).exists()
    draft = SubmissionDraft.objects.get(owner=w.an.user)
    response = client.post(url(BIRTH, "xem-lai"), {"nhap": str(draft.token)})
    assert response.status_code in (302, 404)
    assert Dossier.objects.count() == 0


def test_a_draft_of_a_version_no_longer_in_force_is_started_again(
    an, w, django_capture_on_commit_callbacks
):
    walk_to_papers(an, PERMIT)
    an.post(url(PERMIT, "giay-to"), {f"c{w.permit_form.pk}-tep": [_pdf()], "buoc": "luu"})
    new = catalog.procedure_version_create_draft(
        actor=None, procedure=w.permit_version.procedure, copy_from=w.permit_version
    )
    catalog.procedure_version_publish(actor=None, version=new, effective_from=timezone.localdate())
    for path in (url(PERMIT), url(PERMIT, "giay-to")):
        html = an.get(path).content.decode()
        assert "Thủ tục đã được cập nhật" in html
        assert "Bạn cần khai lại từ đầu" in html
    # Submitting the old draft is not possible either.
    draft = SubmissionDraft.objects.get()
    an.post(url(PERMIT, "xem-lai"), {"nhap": str(draft.token)})
    assert Dossier.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = an.post(f"/nop-ho-so/{PERMIT}/bat-dau-lai/")
    assert response["Location"] == "/nop-ho-so/1.009794/nguoi-nop/"
    assert SubmissionDraft.objects.count() == 0
    assert SubmissionDraftFile.objects.count() == 0
    assert blobs() == []  # the draft's file went with it


# --- submit and receipt ---------------------------------------------------------------


def test_submit_files_the_dossier_and_shows_the_receipt(an, w, django_capture_on_commit_callbacks):
    draft = walk_to_review(an, BIRTH, w.birth_version, [("to-khai.pdf", PDF), ("anh.png", PNG)])
    html = an.get(url(BIRTH, "xem-lai")).content.decode()
    assert "Nguyễn Minh Khang" in html
    assert "01/03/2026" in html
    assert "to-khai.pdf, anh.png" in html
    assert "Nhận trực tiếp tại bộ phận một cửa" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = an.post(url(BIRTH, "xem-lai"), {"nhap": str(draft.token)})
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/nop-ho-so/da-nop/{dossier.code}/"
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.channel == Channel.ONLINE
    assert dossier.owner == w.an.user
    assert dossier.citizen == w.an
    assert dossier.eform_data["ho_ten"] == "Nguyễn Minh Khang"
    assert dossier.result_delivery == "counter"
    assert sorted(DossierFile.objects.values_list("name", flat=True)) == ["anh.png", "to-khai.pdf"]
    assert SubmissionDraft.objects.count() == 0
    assert SubmissionDraftFile.objects.count() == 0
    assert len(blobs()) == 2  # the draft's blobs are now the dossier's

    html = an.get(response["Location"]).content.decode()
    assert dossier.code in html
    assert "Đăng ký khai sinh" in html
    assert "Mới đăng ký" in html
    assert "Ngày hẹn được ghi khi bộ phận một cửa tiếp nhận hồ sơ" in html
    assert f'href="/tra-cuu/?ma={dossier.code}"' in html


def test_double_submit_gives_one_dossier(an, w):
    draft = walk_to_review(an, PERMIT, w.permit_version, [("don.pdf", PDF)])
    first = an.post(url(PERMIT, "xem-lai"), {"nhap": str(draft.token)})
    second = an.post(url(PERMIT, "xem-lai"), {"nhap": str(draft.token)})
    assert Dossier.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_receipt_is_only_for_the_owner(an, w):
    client = Client()
    draft = walk_to_review(an, PERMIT, w.permit_version, [("don.pdf", PDF)])
    an.post(url(PERMIT, "xem-lai"), {"nhap": str(draft.token)})
    code = Dossier.objects.get().code
    client.force_login(w.binh.user)
    assert client.get(f"/nop-ho-so/da-nop/{code}/").status_code == 404
    client.force_login(w.counter)
    assert client.get(f"/nop-ho-so/da-nop/{code}/").status_code == 404
    client.logout()
    assert client.get(f"/nop-ho-so/da-nop/{code}/").status_code == 302
    assert an.get("/nop-ho-so/da-nop/000.00.12.H62-260302-9999/").status_code == 404


def test_purge_deletes_stale_drafts_and_their_files(an, w):
    walk_to_papers(an, PERMIT)
    an.post(url(PERMIT, "giay-to"), {f"c{w.permit_form.pk}-tep": [_pdf()], "buoc": "luu"})
    assert len(blobs()) == 1
    call_command("submission_drafts_purge")
    assert SubmissionDraft.objects.count() == 1  # touched today: kept
    SubmissionDraft.objects.update(updated_at=timezone.now() - dt.timedelta(days=31))
    call_command("submission_drafts_purge")
    assert _rows() == (0, 0, 0, 0)


def _pdf(name: str = "scan.pdf"):
    return upload(name, PDF)
