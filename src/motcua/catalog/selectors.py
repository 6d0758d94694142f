"""Reads of the catalog: which version of a procedure is in force on a date, and the
public search. Everything is filtered in SQL so that portal, API and reports agree."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.constants import VersionStatus
from motcua.catalog.models import (
    FeeLine,
    Field,
    Participant,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.core.exceptions import NotFoundError
from motcua.core.text import fold


def _local_date(at: dt.datetime | dt.date | None) -> dt.date:
    """The calendar date in Asia/Ho_Chi_Minh that decides which text applies."""
    if at is None:
        return timezone.localdate()
    if isinstance(at, dt.datetime):
        return timezone.localdate(at) if timezone.is_aware(at) else at.date()
    return at


def in_force_q(*, on: dt.date) -> Q:
    """Versions in force on ``on``: published (or since superseded or abolished) and
    effective_from ≤ on < effective_to, an empty effective_to meaning open-ended."""
    return (
        ~Q(status=VersionStatus.DRAFT)
        & Q(effective_from__lte=on)
        & (Q(effective_to__isnull=True) | Q(effective_to__gt=on))
    )


def procedure_version_in_force(
    *, procedure: Procedure, at: dt.datetime | dt.date | None = None
) -> ProcedureVersion | None:
    """The version a dossier received at ``at`` (default: now) is handled under."""
    return (
        ProcedureVersion.objects.filter(in_force_q(on=_local_date(at)), procedure=procedure)
        .order_by("-number")
        .first()
    )


def procedure_versions_in_force(
    *, procedures: Iterable[Procedure], at: dt.datetime | dt.date | None = None
) -> dict[int, ProcedureVersion]:
    """The version in force of each procedure, by procedure id, in one query (for a
    page of search results). Procedures with nothing in force are absent."""
    ids = [procedure.pk for procedure in procedures]
    versions = ProcedureVersion.objects.filter(
        in_force_q(on=_local_date(at)), procedure_id__in=ids
    ).order_by("procedure_id", "number")
    # Ordered by number, so if two ever overlapped the newest would win.
    return {version.procedure_id: version for version in versions}


def procedure_search(
    *,
    q: str = "",
    field: str | None = None,
    level: str | None = None,
    agency: str | None = None,
    at: dt.datetime | dt.date | None = None,
) -> QuerySet[Procedure]:
    """Procedures with a version in force on ``at`` (default today, local time).

    ``q`` is folded like ``Procedure.search_text`` (no diacritics, đ→d, lower case):
    every word must occur there. Ranked: the exact code, then the folded name equal to
    the phrase, then starting with it, then containing it, then the rest; ties by the
    shorter name, then by name.
    ``field`` is a Field code, ``level`` a ProcedureLevel value. ``agency`` is an Agency
    code: procedures whose version in force names that agency or one of its direct
    children, so a People's Committee also finds its departments' procedures (one
    level only: deeper trees would need a recursive query)."""
    on = _local_date(at)
    versions = ProcedureVersion.objects.filter(in_force_q(on=on), procedure=OuterRef("pk"))
    if agency:
        versions = versions.filter(Q(agencies__code=agency) | Q(agencies__parent__code=agency))
    procedures = Procedure.objects.filter(Exists(versions))
    if field:
        procedures = procedures.filter(field__code=field)
    if level:
        procedures = procedures.filter(level=level)

    phrase = fold(q)
    if not phrase:
        return procedures.order_by("name", "code")
    for token in phrase.split(" "):
        procedures = procedures.filter(search_text__contains=token)
    # search_text is fold(name + " " + code) and a code folds to itself (digits and a
    # dot), so the folded name is search_text without its last len(code) + 1 characters.
    procedures = procedures.alias(
        folded_name=Substr("search_text", 1, Length("search_text") - Length("code") - 1)
    ).annotate(
        search_rank=Case(
            When(code=q.strip(), then=Value(0)),
            When(folded_name=phrase, then=Value(1)),
            When(folded_name__startswith=phrase, then=Value(2)),
            When(folded_name__contains=phrase, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    )
    # Among equal ranks the shorter name is the more general procedure (the house permit
    # before the long title for grade I-II works), which is what a citizen means.
    return procedures.order_by("search_rank", Length("name"), "name", "code")


@dataclass(frozen=True)
class SearchPage:
    count: int
    page: int
    pages: int
    page_size: int
    rows: list[tuple[Procedure, ProcedureVersion]]


def procedure_search_page(
    *, page: int = 1, page_size: int = 20, at: dt.datetime | dt.date | None = None, **filters: Any
) -> SearchPage:
    """One page of ``procedure_search`` results with each procedure's version in force,
    in two queries whatever the page size: the page with the total as a window count
    (``COUNT(*) OVER ()``, one round trip less than a separate count: on a busy server
    each one costs more than the work, docs/benchmarks.md), then the versions. A page
    past the end has no row to carry the total, so it is counted apart."""
    procedures = procedure_search(at=at, **filters)
    start = (page - 1) * page_size
    found = list(
        procedures.select_related("field").annotate(total=Window(Count("pk")))[
            start : start + page_size
        ]
    )
    if found:
        count = found[0].total
    elif start:
        count = procedures.count()
    else:
        count = 0
    versions = procedure_versions_in_force(procedures=found, at=at)
    return SearchPage(
        count=count,
        page=page,
        pages=max(1, math.ceil(count / page_size)),
        page_size=page_size,
        rows=[(p, versions[p.pk]) for p in found if p.pk in versions],
    )


def procedure_get_public(
    *, code: str, at: dt.datetime | dt.date | None = None, full: bool = True
) -> tuple[Procedure, ProcedureVersion]:
    """A procedure and its version in force. ``full`` fetches up front everything a
    public page shows; without it only the version row (enough for an appointment)."""
    # One statement: the version joined to its procedure (and field), not two lookups.
    versions = (
        ProcedureVersion.objects.filter(in_force_q(on=_local_date(at)), procedure__code=code)
        .select_related("procedure__field")
        .order_by("-number")
    )
    if full:
        versions = versions.prefetch_related(
            "components",
            Prefetch("fees", queryset=FeeLine.objects.prefetch_related("exemptions")),
            "legal_bases",
            Prefetch("steps", queryset=ProcessStep.objects.select_related("role", "participant")),
            Prefetch("participants", queryset=Participant.objects.select_related("agency")),
            "agencies",
        )
    version = versions.first()
    if version is None:
        raise NotFoundError(
            f"Không tìm thấy thủ tục {code} đang có hiệu lực.",
            code="procedure_not_found",
            detail={"code": code},
        )
    return version.procedure, version


def procedure_version_for_intake(
    *, code: str, at: dt.datetime | dt.date | None = None
) -> ProcedureVersion:
    """The version in force of procedure ``code`` with what receipt checks against:
    its papers and its competent agencies.

    A published version's papers and agencies never change (a change is a new version,
    ``ProcedureVersion``), so each process keeps the ones it read, keyed by the
    version's and its procedure's last change: one small statement per submission
    instead of four (docs/benchmarks.md). The agency rows themselves do change; callers
    that need more than an agency's id and code read it again."""
    key = (
        ProcedureVersion.objects.filter(in_force_q(on=_local_date(at)), procedure__code=code)
        .order_by("-number")
        .values_list("pk", "updated_at", "procedure__updated_at")
        .first()
    )
    if key is None:
        raise NotFoundError(
            f"Không tìm thấy thủ tục {code} đang có hiệu lực.",
            code="procedure_not_found",
            detail={"code": code},
        )
    return _version_with_papers(*key)


@functools.lru_cache(maxsize=512)
def _version_with_papers(
    pk: int, version_changed: dt.datetime, procedure_changed: dt.datetime
) -> ProcedureVersion:
    version = ProcedureVersion.objects.select_related("procedure").get(pk=pk)
    prefetch_related_objects([version], "components", "agencies")
    return version


def field_list() -> QuerySet[Field]:
    """Fields (lĩnh vực) by name, for the catalog's filters."""
    return Field.objects.order_by("name", "code")


@dataclass(frozen=True)
class Choice:
    code: str
    name: str


@dataclass(frozen=True)
class CatalogFilters:
    fields: list[Choice]
    agencies: list[Choice]


def catalog_filter_choices(*, at: dt.datetime | dt.date | None = None) -> CatalogFilters:
    """What the public catalog's selects offer: the fields and the agencies that have a
    procedure in force, so no choice leads to an empty list. One statement of three
    columns (every catalog page runs it; on a busy server each round trip counts,
    docs/benchmarks.md)."""
    in_force = ProcedureVersion.objects.filter(in_force_q(on=_local_date(at)))
    fields = (
        Field.objects.filter(Exists(in_force.filter(procedure__field=OuterRef("pk"))))
        .values_list(Value("field"), "code", "name")
        .order_by()
    )
    agencies = (
        Agency.objects.filter(Exists(in_force.filter(agencies=OuterRef("pk"))))
        .values_list(Value("agency"), "code", "name")
        .order_by()
    )
    # The models' default ordering is cleared (not allowed inside a UNION); sorted here.
    rows = sorted(fields.union(agencies, all=True), key=lambda row: (row[2], row[1]))
    return CatalogFilters(
        fields=[Choice(code, name) for kind, code, name in rows if kind == "field"],
        agencies=[Choice(code, name) for kind, code, name in rows if kind == "agency"],
    )


def procedure_component_template(
    *, code: str, component_id: int, at: dt.datetime | dt.date | None = None
) -> RequiredComponent:
    """A paper of the version in force of ``code`` that has a form file (mẫu đơn) to
    download; a paper of another version, or without a file, is not found."""
    component = (
        RequiredComponent.objects.filter(
            pk=component_id,
            version__in=ProcedureVersion.objects.filter(
                in_force_q(on=_local_date(at)), procedure__code=code
            ),
        )
        .exclude(template_file="")
        .first()
    )
    if component is None:
        raise NotFoundError(
            "Không tìm thấy mẫu đơn này.",
            code="template_not_found",
            detail={"code": code, "component": component_id},
        )
    return component
