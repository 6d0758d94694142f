"""Message templates: defaults, rows, precedence, validation, NFC (issue 6 §3)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.core.exceptions import InvalidInputError
from motcua.core.models import AuditEntry
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import MessageTemplate
from motcua.notifications.rendering import (
    Rendered,
    format_dong,
    message_template_save,
    sms_fold,
    sms_segments,
    template_render,
    template_validate,
)
from motcua.notifications.template_defaults import DEFAULTS, VARIABLES, sample_context

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "notifications.md"

RECEIVED = {
    "citizen_name": "Lê Thị Hoa",
    "code": "000.00.12.H29-261120-0001",
    "procedure": "Đăng ký khai sinh",
    "agency": "UBND phường Ba Đình",
    "received_at": "20/11/2026 08:30",
    "appointment": "25/11/2026",
    "tracking_url": "https://motcua.hanoi.gov.vn/tra-cuu/?ma=000.00.12.H29-261120-0001",
}


# --- the default texts, by hand ---------------------------------------------------------


def test_dossier_received_email_text():
    rendered = template_render(key=TemplateKey.DOSSIER_RECEIVED, channel="email", context=RECEIVED)
    assert rendered == Rendered(
        subject="Đã tiếp nhận hồ sơ 000.00.12.H29-261120-0001",
        body=(
            "Kính gửi Lê Thị Hoa,\n"
            "\n"
            "UBND phường Ba Đình đã tiếp nhận hồ sơ 000.00.12.H29-261120-0001 của thủ tục "
            "Đăng ký khai sinh lúc 20/11/2026 08:30.\n"
            "Ngày hẹn trả kết quả: 25/11/2026.\n"
            "Tra cứu tình trạng hồ sơ: "
            "https://motcua.hanoi.gov.vn/tra-cuu/?ma=000.00.12.H29-261120-0001\n"
            "\n"
            "Trân trọng."
        ),
    )


def test_dossier_received_sms_text_folded_and_counted():
    rendered = template_render(key=TemplateKey.DOSSIER_RECEIVED, channel="sms", context=RECEIVED)
    assert rendered.subject == ""
    assert rendered.body == (
        "Hồ sơ 000.00.12.H29-261120-0001 đã được tiếp nhận, hẹn trả 25/11/2026. "
        "Tra cứu: https://motcua.hanoi.gov.vn/tra-cuu/?ma=000.00.12.H29-261120-0001"
    )
    folded = sms_fold(rendered.body)
    assert folded == (
        "Ho so 000.00.12.H29-261120-0001 da duoc tiep nhan, hen tra 25/11/2026. "
        "Tra cuu: https://motcua.hanoi.gov.vn/tra-cuu/?ma=000.00.12.H29-261120-0001"
    )
    # "Ho so " 6 + code 25 + " da duoc tiep nhan, hen tra " 28 + "25/11/2026." 11
    # + " Tra cuu: " 10 + URL 65 = 145 characters: one GSM-7 part.
    assert len(folded) == 145
    assert sms_segments(folded) == 1
    # Unfolded it is UCS-2: 145 UTF-16 units, 67 a part → 3 parts.
    assert sms_segments(rendered.body) == 3


def test_apology_email_text_with_sample_values():
    rendered = template_render(
        key=TemplateKey.APOLOGY, channel="", context=sample_context(TemplateKey.APOLOGY)
    )
    assert rendered.subject == (
        "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ 000.20.31.H01-261120-0012"
    )
    assert rendered.body == (
        "Kính gửi Nguyễn Văn An,\n\n"
        "UBND xã Tân Phú xin lỗi ông/bà vì hồ sơ 000.20.31.H01-261120-0012 của thủ tục "
        "Cấp giấy phép xây dựng nhà ở riêng lẻ chưa có kết quả đúng hẹn ngày 25/11/2026.\n"
        "Lý do: Cần xác minh thêm hiện trạng công trình.\n"
        "Ngày hẹn trả kết quả mới: 02/12/2026.\n"
        "Tra cứu: https://motcua.example.gov.vn/tra-cuu/?ma=000.20.31.H01-261120-0012\n\n"
        "Trân trọng."
    )


def test_supplement_requested_sms_text():
    rendered = template_render(
        key=TemplateKey.SUPPLEMENT_REQUESTED,
        channel="sms",
        context={
            "code": "H29-0001",
            "missing": "Bản sao giấy chứng nhận kết hôn",
            "tracking_url": "https://mc.vn/t/1",
        },
    )
    assert rendered.body == (
        "Hồ sơ H29-0001 cần bổ sung: Bản sao giấy chứng nhận kết hôn. Chi tiết: https://mc.vn/t/1"
    )
    assert sms_fold(rendered.body) == (
        "Ho so H29-0001 can bo sung: Ban sao giay chung nhan ket hon. Chi tiet: https://mc.vn/t/1"
    )


def test_verification_code_sms_text():
    rendered = template_render(
        key=TemplateKey.VERIFICATION_CODE, channel="sms", context={"otp": "048213", "minutes": 5}
    )
    assert sms_fold(rendered.body) == (
        "Ma xac thuc Mot Cua: 048213, hieu luc 5 phut. Khong cung cap ma cho bat ky ai."
    )


def test_leader_digest_counts_and_lines():
    rendered = template_render(
        key=TemplateKey.LEADER_DIGEST,
        channel="email",
        context={
            "leader_name": "Phạm Minh Đức",
            "date": "21/11/2026",
            "due_today": 0,
            "late": 1,
            "at_risk": 0,
            "details": "- H01-261119-0007: quá hạn, bước Phê duyệt",
            "office_url": "https://mc.vn/office/",
        },
    )
    assert rendered.body == (
        "Đồng chí Phạm Minh Đức,\n\n"
        "Tình hình hồ sơ ngày 21/11/2026:\n"
        "- Đến hạn hôm nay: 0\n"
        "- Quá hạn: 1\n"
        "- Có nguy cơ trễ hẹn: 0\n\n"
        "- H01-261119-0007: quá hạn, bước Phê duyệt\n\n"
        "Xem chi tiết: https://mc.vn/office/"
    )


def test_leader_digest_without_details_keeps_one_blank_line():
    context = sample_context(TemplateKey.LEADER_DIGEST) | {"details": ""}
    body = template_render(key=TemplateKey.LEADER_DIGEST, channel="", context=context).body
    assert "- Có nguy cơ trễ hẹn: 3\n\nXem chi tiết:" in body


@pytest.mark.parametrize("key", TemplateKey.values)
@pytest.mark.parametrize("channel", ["", "email", "in_app", "sms"])
def test_every_default_renders_every_documented_variable(key, channel):
    context = sample_context(key)
    rendered = template_render(key=key, channel=channel, context=context)
    text = rendered.subject + "\n" + rendered.body
    assert "{{" not in text and "{%" not in text
    assert unicodedata.is_normalized("NFC", text)
    if channel != "sms":
        # The long form uses every variable its message documents.
        for name, value in context.items():
            assert str(value) in text, (key, name)
        assert rendered.subject


def test_every_key_has_a_default_for_every_channel_and_an_sms_form():
    assert set(DEFAULTS) == set(TemplateKey.values) == set(VARIABLES)
    for by_channel in DEFAULTS.values():
        assert set(by_channel) == {"", "sms"}


@pytest.mark.parametrize("key", TemplateKey.values)
def test_defaults_pass_their_own_validation(key):
    for text in DEFAULTS[key].values():
        template_validate(key=key, subject=text.subject, body=text.body)


def test_migration_created_a_row_per_default():
    rows = {(t.key, t.channel): t for t in MessageTemplate.objects.all()}
    assert len(rows) == 2 * len(TemplateKey.values) == 36
    for key, by_channel in DEFAULTS.items():
        for channel, text in by_channel.items():
            assert rows[(key, channel)].body == text.body
            assert rows[(key, channel)].is_active


def test_docs_list_every_variable_of_every_message():
    doc = DOCS.read_text(encoding="utf-8")
    sections = re.split(r"^#### ", doc, flags=re.MULTILINE)[1:]
    documented = {}
    for section in sections:
        key = re.match(r"`(\w+)`", section).group(1)
        documented[key] = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
    assert documented == {key: list(names) for key, names in VARIABLES.items()}


# --- which text applies --------------------------------------------------------------------


def _set(key, channel, body, subject="", active=True):
    MessageTemplate.objects.update_or_create(
        key=key, channel=channel, defaults={"subject": subject, "body": body, "is_active": active}
    )


def test_channel_row_wins_over_every_channel_row():
    _set(TemplateKey.RESULT_READY, "", "Chung {{ code }}", subject="Tiêu đề {{ code }}")
    _set(TemplateKey.RESULT_READY, "sms", "Ngắn {{ code }}")
    assert template_render(
        key=TemplateKey.RESULT_READY, channel="sms", context={"code": "A1"}
    ) == Rendered("", "Ngắn A1")
    assert template_render(
        key=TemplateKey.RESULT_READY, channel="email", context={"code": "A1"}
    ) == Rendered("Tiêu đề A1", "Chung A1")


def test_inactive_channel_row_falls_back_to_every_channel_row():
    _set(TemplateKey.RESULT_READY, "", "Chung {{ code }}")
    _set(TemplateKey.RESULT_READY, "sms", "Ngắn {{ code }}", active=False)
    rendered = template_render(key=TemplateKey.RESULT_READY, channel="sms", context={"code": "A1"})
    assert rendered.body == "Chung A1"


def test_no_active_row_falls_back_to_the_built_in_text():
    MessageTemplate.objects.filter(key=TemplateKey.DOSSIER_STOPPED).update(is_active=False)
    rendered = template_render(
        key=TemplateKey.DOSSIER_STOPPED, channel="sms", context={"code": "A1", "reason": "rút"}
    )
    assert rendered.body == "Hồ sơ A1 đã dừng giải quyết. Lý do: rút"
    MessageTemplate.objects.filter(key=TemplateKey.DOSSIER_STOPPED).delete()
    rendered = template_render(
        key=TemplateKey.DOSSIER_STOPPED, channel="email", context={"code": "A1", "reason": "rút"}
    )
    assert rendered.subject == "Dừng giải quyết hồ sơ A1"


def test_unknown_key_is_refused():
    with pytest.raises(InvalidInputError) as exc:
        template_render(key="no_such_message", channel="sms", context={})
    assert exc.value.code == "template_unknown"


# --- rendering rules -------------------------------------------------------------------------


def test_unknown_variable_renders_empty_and_nothing_is_escaped():
    _set(TemplateKey.DOSSIER_REFUSED, "", "A{{ nobody }}B <{{ reason }}> & {{ reason.upper }}")
    rendered = template_render(
        key=TemplateKey.DOSSIER_REFUSED, channel="", context={"reason": "\"x\" & 'y' <z>"}
    )
    assert rendered.body == "AB <\"x\" & 'y' <z>> & \"X\" & 'Y' <Z>"


def test_output_is_nfc_even_from_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    rendered = template_render(
        key=TemplateKey.VERIFICATION_CODE,
        channel="",
        context={"otp": decomposed, "minutes": 5},
    )
    assert "Nguyễn Thị Thủy" in rendered.body
    assert unicodedata.is_normalized("NFC", rendered.body)


def test_subject_is_one_line():
    _set(TemplateKey.DOSSIER_REFUSED, "", "x", subject="Hồ sơ\n{{ code }}\n")
    rendered = template_render(key=TemplateKey.DOSSIER_REFUSED, channel="", context={"code": "A"})
    assert rendered.subject == "Hồ sơ A"


def test_if_and_for_work():
    _set(
        TemplateKey.SUPPLEMENT_REQUESTED,
        "",
        "{% if missing %}Thiếu: {{ missing }}{% else %}Đủ{% endif %}",
    )
    assert (
        template_render(
            key=TemplateKey.SUPPLEMENT_REQUESTED, channel="", context={"missing": "tờ khai"}
        ).body
        == "Thiếu: tờ khai"
    )
    assert (
        template_render(key=TemplateKey.SUPPLEMENT_REQUESTED, channel="", context={}).body == "Đủ"
    )


def test_format_dong():
    assert format_dong(0) == "0 đồng"
    assert format_dong(150_000) == "150.000 đồng"
    assert format_dong(1_500_000) == "1.500.000 đồng"


# --- validation and saving --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ("Hồ sơ {{ code ", "template_invalid", "lỗi cú pháp"),
        ("{% if code %}không đóng", "template_invalid", "lỗi cú pháp"),
        ("{{ code|no_such_filter }}", "template_invalid", "lỗi cú pháp"),
        ('{% include "base.html" %}', "template_tag_not_allowed", "{% include %}"),
        ("{% load static %}", "template_invalid", "lỗi cú pháp"),
        ("{% debug %}", "template_tag_not_allowed", "{% debug %}"),
        ("Hồ sơ {{ cdoe }}", "template_unknown_variable", "cdoe"),
        ("{% if cdoe %}x{% endif %}", "template_unknown_variable", "cdoe"),
        ("{{ code|default:nobody }}", "template_unknown_variable", "nobody"),
        ("   ", "template_empty", "không được để trống"),
    ],
)
def test_validation_refuses_with_a_clear_reason(body, code, words):
    with pytest.raises(InvalidInputError) as exc:
        template_validate(key=TemplateKey.DOSSIER_STOPPED, subject="", body=body)
    assert exc.value.code == code
    assert words in exc.value.message


def test_validation_accepts_loop_variables_and_with():
    template_validate(
        key=TemplateKey.LEADER_DIGEST,
        subject="{{ date }}",
        body="{% for line in details %}{{ forloop.counter }}. {{ line }}{% empty %}-{% endfor %}"
        "{% with n=late %}{{ n }}{% endwith %}{% firstof late at_risk %}",
    )


def test_unknown_variable_message_lists_the_known_ones():
    with pytest.raises(InvalidInputError) as exc:
        template_validate(key=TemplateKey.VERIFICATION_CODE, subject="{{ code }}", body="x")
    assert exc.value.message == (
        "Tiêu đề dùng biến không có trong loại thông báo này: code. Biến dùng được: minutes, otp."
    )
    assert exc.value.detail["field"] == "subject"


def test_save_creates_and_changes_with_audit():
    admin = UserFactory(superuser=True)
    MessageTemplate.objects.filter(key=TemplateKey.RESULT_READY, channel="sms").delete()
    row = message_template_save(
        actor=admin,
        key=TemplateKey.RESULT_READY,
        channel="sms",
        subject="",
        body=unicodedata.normalize("NFD", "Hồ sơ {{ code }} có kết quả.\r\n"),
    )
    assert row.body == "Hồ sơ {{ code }} có kết quả."
    assert unicodedata.is_normalized("NFC", row.body)
    changed = message_template_save(
        actor=admin,
        key=TemplateKey.RESULT_READY,
        channel="sms",
        subject="",
        body="Đã có kết quả: {{ code }}",
        is_active=False,
        template=row,
    )
    assert changed.pk == row.pk and not changed.is_active
    entries = AuditEntry.objects.filter(action="message_template_save", object_id=str(row.pk))
    assert [e.detail["before"] for e in entries.order_by("id")] == [
        {},
        {"subject": "", "body": "Hồ sơ {{ code }} có kết quả.", "is_active": True},
    ]


def test_save_refuses_invalid_text_and_writes_nothing():
    admin = UserFactory(superuser=True)
    row = MessageTemplate.objects.get(key=TemplateKey.RESULT_READY, channel="sms")
    before = row.body
    with pytest.raises(InvalidInputError):
        message_template_save(
            actor=admin,
            key=TemplateKey.RESULT_READY,
            channel="sms",
            subject="",
            body="{{ cdoe }}",
            template=row,
        )
    row.refresh_from_db()
    assert row.body == before
    assert not AuditEntry.objects.filter(action="message_template_save").exists()


def test_save_refuses_a_second_row_for_the_same_key_and_channel():
    with pytest.raises(InvalidInputError) as exc:
        message_template_save(
            actor=None, key=TemplateKey.RESULT_READY, channel="sms", subject="", body="x"
        )
    assert exc.value.code == "template_exists"
    assert MessageTemplate.objects.filter(key=TemplateKey.RESULT_READY, channel="sms").count() == 1
