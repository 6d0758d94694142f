"""The counter officer at the Vĩnh Long centre, in real Chromium: a whole walk-in
receipt, an incomplete walk-in sent away with a supplement request, and an online
dossier taken from the intake queue. The clock stands at Tuesday 3 March 2026, 09:00
(the live server runs in this process, so it reads the same clock)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.documents.tests.reading import pdf_qr_codes, pdf_text
from motcua.dossiers.models import Dossier, DossierFile
from motcua.office.tests.counter_helpers import three_paper_permit
from motcua.workflow import services
from motcua.workflow.models import SupplementRequest
from motcua.workflow.tests.world import PASSWORD, PDF, local, paper, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = local(2026, 3, 3, 9, 0)


@pytest.fixture
def w(monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return world()


def sign_in(page, path="/office/tiep-nhan/"):
    page.goto(path)
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def pick_procedure(page, typed: str, name: str) -> None:
    page.get_by_label("Tìm thủ tục (gõ không dấu cũng được)").fill(typed)
    page.get_by_role("link", name=f"Chọn {name}").click()
    expect(page.get_by_role("heading", name=f"Thủ tục: {name}")).to_be_visible()


def test_a_whole_counter_reception_to_the_receipt(page, w, settings):
    sign_in(page)
    expect(page.get_by_role("heading", name="Tiếp nhận hồ sơ tại quầy")).to_be_visible()
    expect(page.get_by_label("Tìm thủ tục (gõ không dấu cũng được)")).to_be_focused()
    pick_procedure(page, "giay phep xay dung", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")

    page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế").fill("086099012345")
    expect(page.get_by_text("Đã có trong hệ thống: Nguyễn Văn An.")).to_be_visible()
    expect(page.get_by_label("Họ và tên / tên tổ chức")).to_have_value("Nguyễn Văn An")
    expect(page.get_by_label("Điện thoại")).to_have_value("0912345678")
    expect(page.get_by_label("Địa chỉ", exact=True)).to_have_value("Phường 1, Vĩnh Long")

    page.get_by_label("Tờ khai theo mẫu", exact=True).check()
    page.get_by_label("Bản quét: Tờ khai theo mẫu").set_input_files(
        files=[{"name": "to-khai.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(page.get_by_text("Hẹn trả kết quả: 09:00 ngày 10/03/2026")).to_be_visible()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()

    expect(page).to_have_url(re.compile(r"/office/ho-so/000\.00\.12\.H62-260303-0001/$"))
    expect(
        page.get_by_text(
            "Đã tiếp nhận hồ sơ 000.00.12.H62-260303-0001 – hẹn trả kết quả 09:00 ngày 10/03/2026."
        )
    ).to_be_visible()
    receipt = page.get_by_role("link", name="In giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)")
    expect(receipt).to_have_attribute(
        "href", re.compile(r"/office/ho-so/000\.00\.12\.H62-260303-0001/mau-01\.pdf$")
    )
    # The receipt the applicant takes home: the officer's click, then the same request
    # read back (Chromium's PDF viewer keeps the bytes to itself).
    with page.context.expect_event("response", lambda r: "/mau-01.pdf" in r.url) as answer:
        receipt.click()
    assert (answer.value.status, answer.value.headers["content-type"]) == (200, "application/pdf")
    pdf = page.context.request.get(answer.value.url).body()
    text = pdf_text(pdf)
    for line in (
        "Mã hồ sơ: 000.00.12.H62-260303-0001",
        "tiếp nhận hồ sơ của: Nguyễn Văn An",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 03/03/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 10/03/2026",
    ):
        assert line in text
    assert pdf_qr_codes(pdf) == [
        f"{settings.PUBLIC_BASE_URL}/tra-cuu/?ma=000.00.12.H62-260303-0001"
    ]

    dossier = Dossier.objects.get()
    assert (dossier.code, dossier.status, dossier.channel) == (
        "000.00.12.H62-260303-0001",
        "received",
        "counter",
    )
    assert (dossier.applicant_name, dossier.citizen, dossier.received_by) == (
        "Nguyễn Văn An",
        w.an,
        w.counter,
    )
    assert dossier.appointment_at == local(2026, 3, 10, 9, 0)
    assert DossierFile.objects.get().name == "to-khai.pdf"


def test_an_incomplete_walk_in_gets_a_supplement_request(page, w):
    version = three_paper_permit(w)
    sign_in(page)
    pick_procedure(
        page, "giay phep sua chua", "Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ"
    )
    page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế").fill("086088011111")
    expect(page.get_by_text("Đã có trong hệ thống: Lâm Văn Cường.")).to_be_visible()
    page.get_by_label("Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", exact=True).check()
    page.get_by_label("Lý do: Bản vẽ hiện trạng công trình").fill("Chưa có bản vẽ hiện trạng")
    page.get_by_label("Lý do: Giấy chứng nhận quyền sử dụng đất").fill(
        "Bản sao chưa được chứng thực"
    )
    page.get_by_text("Yêu cầu bổ sung", exact=True).click()
    page.get_by_label("Hướng dẫn chung (Mẫu 02)").fill("Bổ sung tại quầy số 3")
    page.get_by_role("button", name="Lập phiếu yêu cầu bổ sung").click()

    expect(
        page.get_by_text(
            "Đã đăng ký hồ sơ 000.00.12.H62-260303-0001 và lập phiếu yêu cầu bổ sung, hoàn "
            "thiện hồ sơ gồm 2 mục."
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="In phiếu yêu cầu bổ sung (Mẫu 02)")).to_be_visible()

    dossier = Dossier.objects.get()
    assert (dossier.version, dossier.status, dossier.supplement_stage) == (
        version,
        "awaiting_supplement",
        "intake",
    )
    request = SupplementRequest.objects.get()
    assert list(request.items.order_by("pk").values_list("name", "reason")) == [
        ("Bản vẽ hiện trạng công trình", "Chưa có bản vẽ hiện trạng"),
        ("Giấy chứng nhận quyền sử dụng đất", "Bản sao chưa được chứng thực"),
    ]


def test_the_online_queue_to_the_receipt(page, w):
    dossier, _created = services.dossier_submit_online(
        actor=w.an.user,
        version=w.permit_version,
        components=[paper(w.permit_form, with_file=True)],
        at=local(2026, 3, 3, 8, 30),
    )
    sign_in(page, "/office/")
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ trực tuyến").click()
    expect(
        page.get_by_role("heading", name=re.compile("Hồ sơ trực tuyến chờ kiểm tra"))
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text=dossier.code)
    expect(row).to_contain_text("Còn 7 giờ 30 phút")
    expect(row).to_contain_text("Nguyễn Văn An")
    row.get_by_role("link", name=dossier.code).click()

    expect(page.get_by_role("heading", name=f"Hồ sơ {dossier.code}")).to_be_visible()
    page.get_by_role("region").get_by_text("Tiếp nhận", exact=True).click()
    page.get_by_role("button", name="Xác nhận: tiếp nhận").click()
    expect(
        page.get_by_text("Đã tiếp nhận hồ sơ; giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)")
    ).to_be_visible()

    dossier.refresh_from_db()
    assert (dossier.status, dossier.received_by) == ("received", w.counter)
    page.get_by_role("navigation").get_by_role("link", name="Hồ sơ trực tuyến").click()
    expect(page.get_by_text("Không có hồ sơ trực tuyến nào đang chờ kiểm tra.")).to_be_visible()


def test_a_birth_registration_with_its_declaration(page, w):
    """A procedure with an e-form: the officer types the paper declaration into it; a
    mistake is marked on its field and the rest stays typed."""
    sign_in(page)
    pick_procedure(page, "dang ky khai sinh", "Đăng ký khai sinh")
    expect(
        page.get_by_text("Tờ khai điện tử (người nộp khai, cán bộ nhập theo tờ khai giấy)")
    ).to_be_visible()
    page.get_by_label("Số định danh cá nhân (12 số) hoặc mã số thuế").fill("086088011111")
    expect(page.get_by_text("Đã có trong hệ thống: Lâm Văn Cường.")).to_be_visible()
    page.get_by_label("Tờ khai theo mẫu", exact=True).check()
    page.get_by_label("Họ, chữ đệm và tên người được khai sinh").fill("Lâm Gia Hân")
    page.get_by_label("Ngày, tháng, năm sinh").fill("2026-02-20")
    page.get_by_label("Giới tính").select_option("nu")
    page.get_by_label("Dân tộc").fill("Kinh")
    page.get_by_label("Quốc tịch").fill("Việt Nam")
    page.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Vĩnh Long")
    page.get_by_label("Họ, chữ đệm và tên người yêu cầu").fill("Lâm Văn Cường")
    page.get_by_label("Số định danh cá nhân của người yêu cầu").fill("086088011111")
    page.get_by_label("Quan hệ với người được khai sinh").select_option("cha")
    # The pledge is forgotten first.
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(
        page.get_by_text("Tờ khai điện tử chưa hợp lệ. Sửa các mục của tờ khai đánh dấu đỏ.")
    ).to_be_visible()
    expect(page.get_by_label("Họ, chữ đệm và tên người được khai sinh")).to_have_value(
        "Lâm Gia Hân"
    )
    assert not Dossier.objects.exists()

    page.get_by_label("Tờ khai theo mẫu", exact=True).check()
    page.get_by_label("Tôi cam đoan nội dung khai trên đây là đúng sự thật", exact=False).check()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page).to_have_url(re.compile(r"/office/ho-so/[^/]+/$"))
    dossier = Dossier.objects.get()
    assert (dossier.status, dossier.eform_data["ho_ten"], dossier.eform_data["cam_doan"]) == (
        "received",
        "Lâm Gia Hân",
        True,
    )
    # The dossier page shows the declaration under its labels.
    expect(page.get_by_role("heading", name="Tờ khai điện tử")).to_be_visible()
    expect(page.get_by_text("Lâm Gia Hân")).to_be_visible()
