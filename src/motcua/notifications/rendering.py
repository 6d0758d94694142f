"""Message text: the administrator's templates, the built-in defaults, and SMS sizing.

``template_render`` picks the active ``MessageTemplate`` for (key, channel), else the
one for every channel (key, ""), else the built-in default (``template_defaults``),
and renders it with Django's template language (``{{ code }}``). Messages are plain
text on every channel, so nothing is HTML-escaped; an unknown variable renders empty.
Output is NFC (DESIGN.md, Conventions).

``sms_fold`` and ``sms_segments`` size an SMS the way a gateway bills it (issue 6 §2).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template import Context, Engine, Node, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import (
    CommentNode,
    FirstOfNode,
    ForNode,
    IfNode,
    WithNode,
)

from motcua.core.exceptions import InvalidInputError
from motcua.core.services import audit_record
from motcua.core.text import nfc
from motcua.notifications.constants import TemplateKey
from motcua.notifications.models import MessageTemplate
from motcua.notifications.template_defaults import DEFAULTS, VARIABLES, TemplateText

# No loaders, no tag libraries: a template typed in the admin can only print the
# variables it is given (``{% include %}``/``{% load %}`` cannot reach any file).
_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=False)
_ALLOWED_NODES = (TextNode, VariableNode, IfNode, ForNode, WithNode, CommentNode, FirstOfNode)
_ALLOWED_TAGS = "if/elif/else, for/empty, with, firstof, comment"
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


# --- templates ---------------------------------------------------------------------------


def template_source(*, key: str, channel: str) -> TemplateText:
    """The text in force for (key, channel): the channel's active row, the every-channel
    active row, the built-in text for the channel, the built-in text for every channel."""
    if key not in TemplateKey.values:
        raise InvalidInputError(f"Không có loại thông báo {key!r}.", code="template_unknown")
    rows = {
        row.channel: row
        for row in MessageTemplate.objects.filter(
            key=key, channel__in={channel, ""}, is_active=True
        ).only("channel", "subject", "body")
    }
    row = rows.get(channel) or rows.get("")
    if row is not None:
        return TemplateText(subject=row.subject, body=row.body)
    defaults = DEFAULTS[key]
    return defaults.get(channel) or defaults[""]


def template_render(*, key: str, channel: str, context: Mapping[str, Any]) -> Rendered:
    """Render the message ``key`` for ``channel`` with ``context`` (plain values:
    strings and numbers; the variables of each key are in docs/notifications.md)."""
    source = template_source(key=key, channel=channel)
    return text_render(subject=source.subject, body=source.body, context=context)


def text_render(*, subject: str, body: str, context: Mapping[str, Any]) -> Rendered:
    """Render a subject and body given as text (the admin's preview uses it)."""
    try:
        subject_out = _compile(subject).render(Context(dict(context), autoescape=False))
        body_out = _compile(body).render(Context(dict(context), autoescape=False))
    except TemplateSyntaxError as exc:
        # Only a row written around template_validate (raw SQL, an old release) gets here.
        raise InvalidInputError(
            f"Mẫu thông báo bị lỗi cú pháp: {exc}", code="template_invalid"
        ) from exc
    body_out = unicodedata.normalize("NFC", body_out).replace("\r\n", "\n")
    body_out = _BLANK_LINES.sub("\n\n", _TRAILING_SPACE.sub("\n", body_out)).strip()
    return Rendered(subject=nfc(subject_out), body=body_out)


def _compile(text: str) -> Any:
    return _ENGINE.from_string(text)


def template_validate(*, key: str, subject: str, body: str) -> None:
    """Refuse a template that would not render as meant: a syntax error, a tag other
    than the few allowed, or a variable the message ``key`` does not provide (a typo
    such as ``{{ cdoe }}`` would otherwise print nothing to thousands of citizens)."""
    if key not in VARIABLES:
        raise InvalidInputError(f"Không có loại thông báo {key!r}.", code="template_unknown")
    if not body.strip():
        raise InvalidInputError("Nội dung mẫu không được để trống.", code="template_empty")
    known = set(VARIABLES[key])
    for field, text in (("subject", subject), ("body", body)):
        label = "Tiêu đề" if field == "subject" else "Nội dung"
        try:
            template = _compile(text)
        except TemplateSyntaxError as exc:
            raise InvalidInputError(
                f"{label} có lỗi cú pháp mẫu: {exc}",
                code="template_invalid",
                detail={"field": field},
            ) from exc
        nodes = template.nodelist.get_nodes_by_type(Node)
        for node in nodes:
            # Django prints an unclosed "{{ code" as text; here it is always a typo.
            if isinstance(node, TextNode) and ("{{" in node.s or "{%" in node.s):
                raise InvalidInputError(
                    f"{label} có lỗi cú pháp mẫu: dấu {{{{ hoặc {{% chưa được đóng.",
                    code="template_invalid",
                    detail={"field": field},
                )
            if not isinstance(node, _ALLOWED_NODES):
                tag = (node.token.contents.split() or ["?"])[0] if node.token else "?"
                raise InvalidInputError(
                    f"{label} dùng thẻ {{% {tag} %}} không được phép; chỉ được dùng "
                    f"{_ALLOWED_TAGS}.",
                    code="template_tag_not_allowed",
                    detail={"field": field, "tag": tag},
                )
        local = {"forloop"}
        for node in nodes:
            if isinstance(node, ForNode):
                local.update(node.loopvars)
            elif isinstance(node, WithNode):
                local.update(node.extra_context)
        unknown = sorted(name for name in _names(nodes) if name not in known | local)
        if unknown:
            raise InvalidInputError(
                f"{label} dùng biến không có trong loại thông báo này: "
                f"{', '.join(unknown)}. Biến dùng được: {', '.join(sorted(known))}.",
                code="template_unknown_variable",
                detail={"field": field, "unknown": unknown, "known": sorted(known)},
            )


def _names(nodes: list[Node]) -> Iterator[str]:
    """The first name of every variable the nodes read (``dossier`` in ``dossier.code``)."""
    for node in nodes:
        if isinstance(node, VariableNode):
            yield from _expression_names(node.filter_expression)
        elif isinstance(node, ForNode):
            yield from _expression_names(node.sequence)
        elif isinstance(node, WithNode):
            for expression in node.extra_context.values():
                yield from _expression_names(expression)
        elif isinstance(node, FirstOfNode):
            for expression in node.vars:
                yield from _expression_names(expression)
        elif isinstance(node, IfNode):
            for condition, _nodelist in node.conditions_nodelists:
                yield from _condition_names(condition)


def _expression_names(expression: Any) -> Iterator[str]:
    if isinstance(expression, FilterExpression):
        yield from _variable_names(expression.var)
        for _func, args in expression.filters:
            for lookup, arg in args:
                if lookup:
                    yield from _variable_names(arg)


def _variable_names(var: Any) -> Iterator[str]:
    if isinstance(var, Variable) and var.lookups:
        yield var.lookups[0]


def _condition_names(condition: Any) -> Iterator[str]:
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if value is not None:
        yield from _expression_names(value)
    for side in ("first", "second"):
        yield from _condition_names(getattr(condition, side, None))


@transaction.atomic
def message_template_save(
    *,
    actor: Any,
    key: str,
    channel: str,
    subject: str,
    body: str,
    is_active: bool = True,
    template: MessageTemplate | None = None,
) -> MessageTemplate:
    """Create or change the text of one message (the administrator, in the admin)."""
    subject = nfc(subject)
    body = unicodedata.normalize("NFC", body).replace("\r\n", "\n").strip()
    channel = channel.strip()
    template_validate(key=key, subject=subject, body=body)
    created = template is None
    if template is None:
        template = MessageTemplate(key=key, channel=channel)
        if MessageTemplate.objects.filter(key=key, channel=channel).exists():
            raise InvalidInputError(
                "Đã có mẫu cho loại thông báo và kênh này; hãy sửa mẫu đó.",
                code="template_exists",
            )
    else:
        template = MessageTemplate.objects.select_for_update().get(pk=template.pk)
        template.key, template.channel = key, channel
    before = {"subject": template.subject, "body": template.body, "is_active": template.is_active}
    template.subject, template.body, template.is_active = subject, body, is_active
    template.save()
    audit_record(
        actor=actor,
        action="message_template_save",
        obj=template,
        detail={"key": key, "channel": channel, "before": {} if created else before},
    )
    return template


# --- SMS -----------------------------------------------------------------------------------

# GSM 03.38 default alphabet (one septet each) and its extension table (escape + one
# septet: two each). ESC itself is not a character one can send.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")

# What folding cannot reach by removing marks: typographic punctuation to its plain
# form. Anything else outside GSM-7 becomes "?" so an unsigned-only gateway accepts it.
_SMS_PUNCTUATION = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "\u00a0": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
        "\t": " ",
    }
)


def sms_fold(text: str) -> str:
    """Unsigned Vietnamese for gateways that require it: "Hồ sơ đã được tiếp nhận" →
    "Ho so da duoc tiep nhan". Case is kept (``core.text.fold`` lower-cases, which is
    right for search but would turn codes and names into lower case here)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SMS_PUNCTUATION))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    composed = unicodedata.normalize("NFC", stripped)
    return "".join(ch if ch in GSM_BASIC or ch in GSM_EXTENDED else "?" for ch in composed)


def sms_segments(text: str) -> int:
    """How many SMS parts ``text`` takes: GSM-7 160 characters in one part, 153 per part
    when concatenated (extension characters count twice); otherwise UCS-2, 70 in one,
    67 per part (counted in UTF-16 units). An empty text takes none."""
    if not text:
        return 0
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        length = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        single, part = 160, 153
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if length <= single else math.ceil(length / part)


def format_dong(amount: int) -> str:
    """An amount of money as Vietnamese write it: 1500000 → "1.500.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"
