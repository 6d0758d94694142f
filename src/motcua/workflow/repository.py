"""An applicant's document repository (kho dữ liệu cá nhân, issue 5 §3): the
electronic results of their earlier dossiers and the files they filed with them,
offered again instead of a new upload. Only the account's own dossiers, filtered in
SQL: another person's document is never listed nor found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from motcua.core.exceptions import NotFoundError
from motcua.dossiers.drafts import StoredDocument
from motcua.dossiers.models import DossierFile
from motcua.dossiers.services import UploadedFile, file_check
from motcua.workflow.models import ResultReturn

# The newest documents are the ones a person reuses; a long list helps nobody.
LIMIT = 50
RESULT = "kq"
FILE = "tep"


@dataclass(frozen=True)
class RepositoryItem:
    ref: str  # "kq-<ResultReturn id>" or "tep-<DossierFile id>"
    name: str
    dossier_code: str
    procedure_name: str
    at: dt.datetime
    is_result: bool


def repository_list_for_user(*, user: Any) -> list[RepositoryItem]:
    """The user's documents, newest first: electronic results, then filed files (one
    entry per distinct content)."""
    if not getattr(user, "pk", None):
        return []
    results = (
        ResultReturn.objects.filter(dossier__owner=user)
        .exclude(file="")
        .select_related("dossier__procedure")
        .order_by("-returned_at", "-pk")[:LIMIT]
    )
    items = [
        RepositoryItem(
            ref=f"{RESULT}-{r.pk}",
            name=r.file_name or "ket-qua.pdf",
            dossier_code=r.dossier.code,
            procedure_name=r.dossier.procedure.name,
            at=r.returned_at,
            is_result=True,
        )
        for r in results
    ]
    files = (
        DossierFile.objects.filter(component__dossier__owner=user)
        .select_related("component__dossier__procedure")
        .order_by("-uploaded_at", "-pk")[: LIMIT * 2]
    )
    seen: set[str] = set()
    for f in files:
        if f.sha256 in seen or len(items) >= LIMIT:
            continue
        seen.add(f.sha256)
        dossier = f.component.dossier
        items.append(
            RepositoryItem(
                ref=f"{FILE}-{f.pk}",
                name=f.name,
                dossier_code=dossier.code,
                procedure_name=dossier.procedure.name,
                at=f.uploaded_at,
                is_result=False,
            )
        )
    return items


def repository_document_get(*, user: Any, ref: str) -> StoredDocument:
    """The stored blob of one of the user's documents by its ``ref``; anything else
    (another person's, a forged or malformed ref) is not found."""
    kind, _, raw_id = (ref or "").partition("-")
    if (
        not raw_id.isascii()
        or not raw_id.isdigit()
        or len(raw_id) > 18
        or not getattr(user, "pk", None)
    ):
        raise _not_found()
    if kind == RESULT:
        result = (
            ResultReturn.objects.filter(pk=int(raw_id), dossier__owner=user)
            .exclude(file="")
            .first()
        )
        if result is None:
            raise _not_found()
        with result.file.open("rb") as handle:
            content = handle.read()
        name = result.file_name or "ket-qua.pdf"
        stored = str(result.file.name)
        return StoredDocument(
            file=stored,
            name=name,
            content_type=file_check(UploadedFile(name=name, content=content)),
            size=len(content),
            sha256=stored.rsplit("/", 1)[-1],
        )
    if kind == FILE:
        found = DossierFile.objects.filter(pk=int(raw_id), component__dossier__owner=user).first()
        if found is None:
            raise _not_found()
        return StoredDocument(
            file=str(found.file.name),
            name=found.name,
            content_type=found.content_type,
            size=found.size,
            sha256=found.sha256,
        )
    raise _not_found()


def _not_found() -> NotFoundError:
    return NotFoundError(
        "Không tìm thấy tài liệu trong kho dữ liệu của bạn (document not found).",
        code="document_not_found",
    )
