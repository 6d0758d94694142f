"""Step 3 of online submission: the papers (thành phần hồ sơ). For each required
component, scans uploaded (checked by content in ``dossiers.drafts.draft_attach``) or
documents of the person's own repository (``workflow.repository``). Files are kept on
the draft as soon as they pass, so a slow connection loses nothing already sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from motcua.catalog.models import RequiredComponent
from motcua.core.exceptions import ApplicationError, InvalidInputError
from motcua.dossiers import drafts
from motcua.dossiers.drafts import StoredDocument
from motcua.dossiers.models import SubmissionDraftFile
from motcua.dossiers.services import UploadedFile
from motcua.portal.submission.flow import Step, readable
from motcua.workflow.repository import repository_document_get, repository_list_for_user


@dataclass
class _Paper:
    component: RequiredComponent
    files: list[SubmissionDraftFile]
    errors: list[str]

    @property
    def input(self) -> str:
        return f"c{self.component.pk}-tep"

    @property
    def repository_input(self) -> str:
        return f"c{self.component.pk}-kho"

    @property
    def needs_file(self) -> bool:
        return self.component.mandatory and not self.component.reusable_from_database


def papers_of(current: Step) -> list[_Paper]:
    held: dict[int, list[SubmissionDraftFile]] = {}
    if current.draft is not None:
        for row in drafts.draft_files(draft=current.draft):
            held.setdefault(row.component_id, []).append(row)
    return [
        _Paper(component=c, files=held.get(c.pk, []), errors=[])
        for c in current.version.components.all()
    ]


def _papers_parse(
    current: Step, papers: list[_Paper]
) -> tuple[dict[RequiredComponent, list[UploadedFile]], dict[RequiredComponent, StoredDocument]]:
    """The files chosen for each paper and the repository documents picked, each
    problem noted on its paper. A file above the size limit is refused by its declared
    size, before it is read."""
    request = current.request
    limit = settings.UPLOAD_MAX_BYTES
    uploads: dict[RequiredComponent, list[UploadedFile]] = {}
    documents: dict[RequiredComponent, StoredDocument] = {}
    for paper in papers:
        chosen = request.FILES.getlist(paper.input)
        if len(chosen) > drafts.MAX_FILES_PER_COMPONENT:
            paper.errors.append(
                f"Mỗi giấy tờ tối đa {drafts.MAX_FILES_PER_COMPONENT} tệp; "
                f"bạn đã chọn {len(chosen)} tệp."
            )
            chosen = []
        for upload in chosen:
            # The name is only shown: control characters out (PostgreSQL refuses NUL).
            name = "".join(ch for ch in upload.name or "" if ch.isprintable())[:200] or "tep"
            if upload.size is not None and upload.size > limit:
                paper.errors.append(
                    f"Tệp “{name}” vượt quá dung lượng cho phép {limit // 1_048_576} MB."
                )
                continue
            uploads.setdefault(paper.component, []).append(
                UploadedFile(name=name, content=upload.read(limit + 1))
            )
        ref = request.POST.get(paper.repository_input, "").strip()
        if ref:
            try:
                documents[paper.component] = repository_document_get(user=request.user, ref=ref)
            except ApplicationError:
                paper.errors.append("Tài liệu đã chọn không có trong kho dữ liệu của bạn.")
    return uploads, documents


def papers_step(current: Step) -> HttpResponse:
    request = current.request
    draft = current.draft
    if draft is None:  # only the first step is open without a draft
        return redirect(current.url(current.slugs[0]))
    papers = papers_of(current)
    if request.method == "POST":
        if request.POST.get("xoa"):
            raw = request.POST["xoa"]
            try:
                with transaction.atomic():
                    drafts.draft_file_remove(
                        draft=draft, file_id=int(raw) if raw.isascii() and raw.isdigit() else 0
                    )
            except InvalidInputError as exc:
                raise Http404(exc.message) from exc
            messages.info(request, "Đã gỡ tệp.")
            return redirect(current.url(current.slug))
        uploads, documents = _papers_parse(current, papers)
        by_pk = {paper.component.pk: paper for paper in papers}
        general: list[str] = []
        if not any(paper.errors for paper in papers) and (uploads or documents):
            try:
                with transaction.atomic():
                    drafts.draft_attach(draft=draft, uploads=uploads, documents=documents)
            except InvalidInputError as exc:
                for problem in exc.detail.get("errors", []):
                    text = readable(problem["message"])
                    if problem["name"]:
                        text = f"Tệp “{problem['name']}”: {text}"
                    target = by_pk.get(problem.get("component"))
                    (target.errors if target else general).append(text)
        if any(paper.errors for paper in papers) or general:
            return _papers_page(current, papers, general, refused=True)
        if request.POST.get("buoc") == "tiep-tuc":
            papers = papers_of(current)
            for paper in papers:
                if paper.needs_file and not paper.files:
                    paper.errors.append("Chưa đính kèm tệp cho giấy tờ bắt buộc này.")
            if any(paper.errors for paper in papers):
                return _papers_page(current, papers, [], refused=False)
            return current.advance({})
        messages.success(request, "Đã lưu các tệp đính kèm.")
        return redirect(current.url(current.slug))
    return _papers_page(current, papers, [], refused=False)


def _papers_page(
    current: Step, papers: list[_Paper], general: list[str], *, refused: bool
) -> HttpResponse:
    summary = [{"anchor": "", "message": text} for text in general]
    for paper in papers:
        summary.extend(
            {"anchor": paper.input, "message": f"{paper.component.name}: {text}"}
            for text in paper.errors
        )
    return current.render(
        "portal/submission/papers.html",
        {
            "papers": papers,
            "errors": summary,
            "refused": refused,
            "repository": repository_list_for_user(user=current.request.user),
            "max_files": drafts.MAX_FILES_PER_COMPONENT,
            "max_mb": settings.UPLOAD_MAX_BYTES // 1_048_576,
            "request_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1_048_576,
        },
        status=422 if summary else 200,
    )
