"""The steps of online submission and what each step's page shares: their order
(the e-form step only when the version has a form), the draft they fill, and the
furthest step reached, where a later visit resumes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from motcua.accounts.models import Citizen, Organisation
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import drafts
from motcua.dossiers.models import SubmissionDraft

APPLICANT, EFORM, PAPERS, DELIVERY, REVIEW = (
    "nguoi-nop",
    "to-khai",
    "giay-to",
    "nhan-ket-qua",
    "xem-lai",
)
STEP_NAMES = {
    APPLICANT: "Người nộp hồ sơ",
    EFORM: "Tờ khai",
    PAPERS: "Giấy tờ, tệp đính kèm",
    DELIVERY: "Nhận kết quả",
    REVIEW: "Xem lại và nộp",
}
EFORM_PREFIX = "tk-"
CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def readable(message: str) -> str:
    """Service messages read "Vietnamese text (English gloss)."; people read the
    Vietnamese text."""
    body = message.rstrip(".")
    head, sep, tail = body.rpartition(" (")
    if sep and tail.endswith(")") and tail.isascii():
        return head + "."
    return message


def applicant_of(user: Any) -> Citizen | Organisation:
    for attribute in ("citizen", "organisation"):
        try:
            profile = getattr(user, attribute)
        except (Citizen.DoesNotExist, Organisation.DoesNotExist):
            continue
        if profile is not None:
            return profile
    raise Http404  # may_submit() let through only those with a record


@dataclass
class Step:
    request: HttpRequest
    version: ProcedureVersion
    draft: SubmissionDraft | None
    slugs: list[str]
    slug: str

    @property
    def index(self) -> int:
        return self.slugs.index(self.slug)

    @property
    def next_slug(self) -> str:
        return self.slugs[min(self.index + 1, len(self.slugs) - 1)]

    @property
    def previous_slug(self) -> str | None:
        return self.slugs[self.index - 1] if self.index else None

    def url(self, slug: str) -> str:
        return reverse("portal:submission_step", args=[self.version.procedure.code, slug])

    @property
    def reached(self) -> int:
        """The index of the furthest step the draft reached (0 without a draft)."""
        draft = self.draft
        return self.slugs.index(draft.step) if draft and draft.step in self.slugs else 0

    @property
    def answers(self) -> dict[str, Any]:
        return self.draft.answers if self.draft is not None else {}

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        reached = self.reached
        context = {
            "version": self.version,
            "procedure": self.version.procedure,
            "steps": [
                {
                    "slug": slug,
                    "name": STEP_NAMES[slug],
                    "number": number,
                    "current": slug == self.slug,
                    "url": self.url(slug) if number - 1 <= reached else "",
                }
                for number, slug in enumerate(self.slugs, start=1)
            ],
            "step_name": STEP_NAMES[self.slug],
            "step_number": self.index + 1,
            "step_count": len(self.slugs),
            "previous_url": self.url(self.previous_slug) if self.previous_slug else "",
            **context,
        }
        return render(self.request, template, context, status=status)

    def advance(self, answers: dict[str, Any]) -> HttpResponse:
        """Keep the step's checked answers and go on to the next step; the draft
        remembers the furthest step reached, where a later visit resumes."""
        with transaction.atomic():
            draft = self.draft or drafts.draft_start(
                owner=self.request.user, version=self.version, step=self.next_slug
            )
            reached = self.slugs.index(draft.step) if draft.step in self.slugs else 0
            furthest = max(reached, self.slugs.index(self.next_slug))
            drafts.draft_save(draft=draft, step=self.slugs[furthest], answers=answers)
        return redirect(self.url(self.next_slug))


def step_slugs(version: ProcedureVersion) -> list[str]:
    if version.eform_schema:
        return [APPLICANT, EFORM, PAPERS, DELIVERY, REVIEW]
    return [APPLICANT, PAPERS, DELIVERY, REVIEW]
