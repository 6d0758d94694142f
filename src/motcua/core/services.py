"""Writes of the core app: the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from motcua.core.inserts import rows_insert
from motcua.core.models import AuditEntry


def audit_record(
    *, actor: Any, action: str, obj: models.Model, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one audit entry. Called by services inside their transaction."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail or {},
    )
    rows_insert([entry])
    return entry
