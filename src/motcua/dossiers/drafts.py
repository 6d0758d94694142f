"""Drafts of online submissions (portal, issue 5 §3): reads and writes of
``SubmissionDraft`` and its files, and the dossier a draft became. What a step asks
and how it is checked belongs to the interface; these keep the draft, its files
(content-addressed, as a dossier's are) and their limits, and clean up after them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from motcua.catalog.models import Procedure, ProcedureVersion, RequiredComponent
from motcua.core.exceptions import ApplicationError, InvalidInputError, NotFoundError
from motcua.core.text import nfc
from motcua.dossiers.models import Dossier, DossierFile, SubmissionDraft, SubmissionDraftFile
from motcua.dossiers.services import ComponentInput, UploadedFile, _file_store, file_check

# A paper is a few scanned pages: five files each is plenty, and bounds a draft.
MAX_FILES_PER_COMPONENT = 5
# Drafts nobody has touched for this long are purged (``submission_drafts_purge``).
STALE_AFTER = dt.timedelta(days=30)
_DOSSIER_BLOBS = "dossiers/"


def draft_max_bytes() -> int:
    """All the files of one draft together: ten files at the largest size allowed."""
    return 10 * settings.UPLOAD_MAX_BYTES


@dataclass(frozen=True)
class StoredDocument:
    """A blob already in storage that a draft may point at (a document of the
    applicant's repository): its stored name and what a dossier file records."""

    file: str
    name: str
    content_type: str
    size: int
    sha256: str


def draft_get(*, owner: Any, procedure: Procedure) -> SubmissionDraft | None:
    """The owner's draft for ``procedure``, with its version; None when there is none."""
    return (
        SubmissionDraft.objects.filter(owner=owner, procedure=procedure)
        .select_related("version__procedure")
        .first()
    )


def draft_files(*, draft: SubmissionDraft) -> list[SubmissionDraftFile]:
    return list(draft.files.all())


def draft_start(*, owner: Any, version: ProcedureVersion, step: str) -> SubmissionDraft:
    """A new draft of ``version`` for ``owner``, or the one they have for its
    procedure (two tabs starting at once get the same one)."""
    draft, _created = SubmissionDraft.objects.get_or_create(
        owner=owner,
        procedure_id=version.procedure_id,
        defaults={"version": version, "token": uuid.uuid4(), "step": step},
    )
    return draft


def draft_save(*, draft: SubmissionDraft, step: str, answers: dict[str, Any]) -> SubmissionDraft:
    """Merge the checked answers of a step into the draft and move it to ``step``."""
    draft.answers = {**draft.answers, **answers}
    draft.step = step
    draft.save(update_fields=["answers", "step", "updated_at"])
    return draft


def _component_of(draft: SubmissionDraft, component: RequiredComponent) -> None:
    if component.version_id != draft.version_id:
        raise InvalidInputError(
            "Giấy tờ không thuộc thủ tục này (component not of this procedure).",
            code="component_unknown",
        )


def _room_errors(
    draft: SubmissionDraft,
    uploads: dict[RequiredComponent, list[UploadedFile]],
    documents: dict[RequiredComponent, StoredDocument],
) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    held = dict(
        draft.files.order_by()
        .values("component")
        .annotate(n=Count("pk"))
        .values_list("component", "n")
    )
    for component in {*uploads, *documents}:
        adding = len(uploads.get(component, [])) + (component in documents)
        if held.get(component.pk, 0) + adding > MAX_FILES_PER_COMPONENT:
            errors.append(
                {
                    "component": component.pk,
                    "name": "",
                    "message": f"Mỗi giấy tờ tối đa {MAX_FILES_PER_COMPONENT} tệp; giấy tờ "
                    f"này đã có {held.get(component.pk, 0)} tệp.",
                }
            )
    used = draft.files.aggregate(total=Sum("size"))["total"] or 0
    adding_bytes = sum(len(u.content) for files in uploads.values() for u in files)
    adding_bytes += sum(d.size for d in documents.values())
    limit = draft_max_bytes()
    if used + adding_bytes > limit:
        errors.append(
            {
                "component": None,
                "name": "",
                "message": f"Tổng dung lượng các tệp của hồ sơ vượt quá {limit // 1_048_576} MB.",
            }
        )
    return errors


def draft_attach(
    *,
    draft: SubmissionDraft,
    uploads: dict[RequiredComponent, list[UploadedFile]],
    documents: dict[RequiredComponent, StoredDocument] | None = None,
) -> list[SubmissionDraftFile]:
    """Attach new ``uploads`` and documents of the applicant's own repository (the
    caller found them among the applicant's, ``workflow.repository``) to the draft's
    components: all or none. Each upload is checked by its content (``file_check``:
    PDF, PNG, JPEG; the size limit); then the number of files per component and the
    draft's total size. A refusal lists every problem in ``detail["errors"]``
    (``component``, ``name``, ``message``) and stores nothing, blobs included."""
    documents = documents or {}
    errors: list[dict[str, Any]] = []
    for component in {*uploads, *documents}:
        _component_of(draft, component)
    for component, files in uploads.items():
        for upload in files:
            try:
                file_check(upload)
            except ApplicationError as exc:
                errors.append(
                    {"component": component.pk, "name": upload.name, "message": exc.message}
                )
    for component, document in documents.items():
        if draft.files.filter(component=component, file=document.file).exists():
            errors.append(
                {
                    "component": component.pk,
                    "name": document.name,
                    "message": "Tài liệu này đã được đính kèm cho giấy tờ này.",
                }
            )
    if not errors:
        errors = _room_errors(draft, uploads, documents)
    if errors:
        raise InvalidInputError(
            "Có tệp không hợp lệ; chưa tệp nào được lưu (invalid files).",
            code="files_invalid",
            detail={"errors": errors},
        )
    rows = []
    for component, files in uploads.items():
        for upload in files:
            stored, content_type, digest = _file_store(upload)
            rows.append(
                SubmissionDraftFile(
                    draft=draft,
                    component=component,
                    file=stored,
                    name=nfc(upload.name)[:200] or "tep",
                    content_type=content_type,
                    size=len(upload.content),
                    sha256=digest,
                )
            )
    for component, document in documents.items():
        rows.append(
            SubmissionDraftFile(
                draft=draft,
                component=component,
                file=document.file,
                name=nfc(document.name)[:200] or "tep",
                content_type=document.content_type,
                size=document.size,
                sha256=document.sha256,
                reused_from_repository=True,
            )
        )
    SubmissionDraftFile.objects.bulk_create(rows)
    draft.save(update_fields=["updated_at"])
    return rows


def _blobs_release(names: set[str]) -> None:
    """Delete the draft blobs nothing else records. Results' blobs (another prefix)
    are never touched: a draft only points at those."""
    names = {n for n in names if n.startswith(_DOSSIER_BLOBS)}
    if not names:
        return
    kept = set(DossierFile.objects.filter(file__in=names).values_list("file", flat=True))
    kept |= set(SubmissionDraftFile.objects.filter(file__in=names).values_list("file", flat=True))
    storage = SubmissionDraftFile._meta.get_field("file").storage
    for name in names - kept:
        storage.delete(name)


def draft_file_remove(*, draft: SubmissionDraft, file_id: int) -> None:
    """Take one file off the draft (the caller's own draft: another's file is not
    found)."""
    row = draft.files.filter(pk=file_id).first()
    if row is None:
        raise InvalidInputError("Không tìm thấy tệp (file not found).", code="file_not_found")
    name = str(row.file.name)
    row.delete()
    draft.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: _blobs_release({name}))


def draft_delete(*, draft: SubmissionDraft) -> None:
    """The draft and its files; blobs a dossier now records stay."""
    names = set(draft.files.values_list("file", flat=True))
    draft.delete()
    transaction.on_commit(lambda: _blobs_release(names))


def drafts_purge_stale(*, older_than: dt.timedelta = STALE_AFTER) -> int:
    """Delete drafts untouched for ``older_than``; returns how many."""
    cutoff = timezone.now() - older_than
    stale = SubmissionDraft.objects.filter(updated_at__lt=cutoff)
    names = set(SubmissionDraftFile.objects.filter(draft__in=stale).values_list("file", flat=True))
    _total, per_model = stale.delete()
    _blobs_release(names)
    return per_model.get(SubmissionDraft._meta.label, 0)


def draft_components(*, draft: SubmissionDraft) -> list[ComponentInput]:
    """The draft's papers as a submission takes them: for each component, its uploads
    and, apart, the documents taken from the repository (``reused_from_repository``),
    each with its content read back from storage."""
    by_component: dict[tuple[int, bool], list[SubmissionDraftFile]] = {}
    for row in draft.files.select_related("component"):
        by_component.setdefault((row.component_id, row.reused_from_repository), []).append(row)
    components = []
    for (_component_id, reused), rows in by_component.items():
        component = rows[0].component
        files = []
        for row in rows:
            with row.file.open("rb") as handle:
                files.append(UploadedFile(name=row.name, content=handle.read()))
        components.append(
            ComponentInput(
                required=component,
                name=component.name,
                form=component.form,
                count=component.count,
                files=tuple(files),
                reused_from_repository=reused,
            )
        )
    return components


def submission_key(draft: SubmissionDraft) -> str:
    """The idempotency key the draft is filed under (``dossier_submit_online``): a
    second click, or a resubmission after the draft is gone, finds the same dossier."""
    return f"portal-draft-{draft.token}"


def dossier_of_draft_token(*, owner: Any, token: str) -> Dossier | None:
    """The owner's dossier filed from the draft with ``token`` (the draft itself is
    deleted on submission); None for a token not theirs or never filed."""
    try:
        key = f"portal-draft-{uuid.UUID(str(token))}"
    except ValueError:
        return None
    return Dossier.objects.filter(owner=owner, idempotency_key=key).first()


def dossier_submitted_get(*, owner: Any, code: str) -> Dossier:
    """A dossier for its receipt screen: only the account that filed it sees it;
    anyone else is told it does not exist."""
    dossier = (
        Dossier.objects.filter(owner=owner, code=code)
        .select_related("version__procedure", "receiving_unit", "deciding_agency")
        .first()
        if getattr(owner, "pk", None)
        else None
    )
    if dossier is None:
        raise NotFoundError("Không tìm thấy hồ sơ (dossier not found).", code="dossier_not_found")
    return dossier
