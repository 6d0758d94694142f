"""Writes of the catalog: procedures, their versions and what a version asks for.
Other apps import from here."""

from motcua.catalog.services.entries import (
    version_add_component,
    version_add_fee,
    version_add_legal_basis,
    version_add_participant,
    version_add_step,
)
from motcua.catalog.services.procedures import PROCEDURE_CODE, procedure_create, procedure_update
from motcua.catalog.services.versions import (
    SAME_DAY_HOURS,
    VERSION_FIELDS,
    procedure_version_abolish,
    procedure_version_create_draft,
    procedure_version_delete_draft,
    procedure_version_publish,
    procedure_version_update_draft,
)

__all__ = [
    "PROCEDURE_CODE",
    "SAME_DAY_HOURS",
    "VERSION_FIELDS",
    "procedure_create",
    "procedure_update",
    "procedure_version_abolish",
    "procedure_version_create_draft",
    "procedure_version_delete_draft",
    "procedure_version_publish",
    "procedure_version_update_draft",
    "version_add_component",
    "version_add_fee",
    "version_add_legal_basis",
    "version_add_participant",
    "version_add_step",
]
