"""Writes of the dossiers app: code numbers, submitted papers and files, and the
history log. They run inside a workflow service's transaction; the workflow decides
what happens, these only write rows."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction

from motcua.agencies.models import Agency
from motcua.catalog.models import RequiredComponent
from motcua.core.exceptions import InvalidInputError
from motcua.core.inserts import rows_insert
from motcua.core.prefetch import prefetch_cache_set
from motcua.core.text import nfc
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent, DossierFile

# Files a dossier may carry: scans and office documents (Circular 01/2023 on
# digitisation: PDF or image scans). Checked by content, not by the name given.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def dossier_code_allocate(*, agency: Agency, on: dt.date) -> str:
    """The next dossier code of ``agency`` for the receipt date ``on``:
    ``<agency e-ID>-<YYMMDD>-<NNNN>`` (DOMAIN.md §3; at least 4 digits).

    One statement increments the day's counter and returns it; the row stays locked
    until the caller's transaction ends, so concurrent receipts queue on it and a
    rolled-back receipt gives its number back: no gaps, no duplicates."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier_code_allocate must run inside the receipt transaction")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO dossiers_dossiercodesequence (agency_id, day, last) VALUES (%s, %s, 1) "
            "ON CONFLICT (agency_id, day) DO UPDATE "
            "SET last = dossiers_dossiercodesequence.last + 1 RETURNING last",
            [agency.pk, on],
        )
        (number,) = cursor.fetchone()
    return f"{agency.code}-{on:%y%m%d}-{number:04d}"


def dossier_event_append(
    *,
    dossier: Dossier,
    at: dt.datetime,
    actor: Any,
    action: str,
    from_status: str,
    note: str = "",
    detail: dict[str, Any] | None = None,
) -> DossierEvent:
    """Append one history row with the dossier's state after the change."""
    event = DossierEvent(
        dossier=dossier,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        step=dossier.current_step,
        step_name=dossier.current_step_name,
        note=nfc(note),
        detail=detail or {},
    )
    rows_insert([event])
    return event


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


@dataclass(frozen=True)
class ComponentInput:
    """A paper as the applicant or the counter officer declares it."""

    required: RequiredComponent | None
    name: str
    form: str
    count: int = 1
    files: tuple[UploadedFile, ...] = ()
    reused_from_repository: bool = False


def file_decode(*, name: str, content_base64: str) -> UploadedFile:
    """An API upload (base64 in JSON) as bytes, refused when it is not base64."""
    try:
        content = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInputError(
            "Tệp không đúng định dạng base64 (file is not base64).",
            code="file_invalid",
            detail={"name": name},
        ) from exc
    return UploadedFile(name=name, content=content)


def file_check(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; refuses empty, oversized and unknown
    files (PDF, PNG and JPEG only, recognised by their first bytes)."""
    if not upload.content:
        raise InvalidInputError(
            "Tệp rỗng (empty file).", code="file_empty", detail={"name": upload.name}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if len(upload.content) > limit:
        raise InvalidInputError(
            f"Tệp vượt quá dung lượng cho phép {limit // 1_048_576} MB (file too large).",
            code="file_too_large",
            detail={"name": upload.name, "max_bytes": limit},
        )
    for signature, content_type in _SIGNATURES:
        if upload.content.startswith(signature):
            return content_type
    raise InvalidInputError(
        "Chỉ nhận tệp PDF, PNG hoặc JPEG (only PDF, PNG or JPEG files).",
        code="file_type_not_allowed",
        detail={"name": upload.name},
    )


def _file_store(upload: UploadedFile) -> tuple[str, str, str]:
    """Store ``upload`` under its content hash unless that content is stored already;
    returns (stored name, content type, sha256). Idempotent, so a file can be stored
    before the transaction that records it (no lock held while writing) and again
    inside it at the cost of one ``exists``."""
    content_type = file_check(upload)
    digest = hashlib.sha256(upload.content).hexdigest()
    name = f"dossiers/{digest[:2]}/{digest}"  # as DossierFile.file's upload_to names it
    storage = DossierFile._meta.get_field("file").storage
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(upload.content))
        if saved != name:  # the same content written at the same moment by another request
            storage.delete(saved)
    return name, content_type, digest


def dossier_files_store(*, components: list[ComponentInput]) -> None:
    """Write the files of ``components`` ahead of the transaction that records them
    (storage is content-addressed: an unrecorded file is only an unused blob)."""
    for item in components:
        for upload in item.files:
            _file_store(upload)


def dossier_components_add(
    *, dossier: Dossier, components: list[ComponentInput], at: dt.datetime, stage: str = ""
) -> list[DossierComponent]:
    """The papers and their files, two INSERTs whatever their number. The rows come
    back with their files in the prefetch cache, so a detail built right after reads
    no more."""
    rows = [
        DossierComponent(
            dossier=dossier,
            required=item.required,
            name=nfc(item.name),
            form=item.form,
            count=item.count,
            supplement_stage=stage,
            reused_from_repository=item.reused_from_repository,
            added_at=at,
        )
        for item in components
    ]
    rows_insert(rows)
    files: list[DossierFile] = []
    for row, item in zip(rows, components, strict=True):
        attached = []
        for upload in item.files:
            name, content_type, digest = _file_store(upload)
            attached.append(
                DossierFile(
                    component=row,
                    file=name,
                    name=nfc(upload.name)[:200] or "tep",
                    content_type=content_type,
                    size=len(upload.content),
                    sha256=digest,
                    uploaded_at=at,
                )
            )
        prefetch_cache_set(row, "files", attached)
        files.extend(attached)
    rows_insert(files)
    return rows
