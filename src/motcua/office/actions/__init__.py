"""The buttons of the dossier page, one per workflow action an officer can press.

Each ``OfficeAction`` names the workflow action, its Vietnamese label, the Django form
of what the officer types (reasons, dates, the next officer), and ``perform``, which
calls the one service of that action with the cleaned data. The dossier page shows an
action only when the transition table allows it in the dossier's status and
``workflow.permissions.may`` allows it to this officer (both through
``workflow.selectors.dossier_detail``); the service checks both again under the row
lock, so a page that is out of date can never do what the table forbids.

Modules that register actions are imported at the bottom of this file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from motcua.dossiers.models import Dossier


class NoInput(forms.Form):
    """An action with nothing to type (the button is the whole input)."""


def text_field(
    label: str = "Ghi chú", *, max_length: int = 2000, required: bool = False, rows: int = 2
) -> forms.CharField:
    """What an officer types on a button's form (a reason, a note): a text area of
    ``rows`` lines, or one line with ``rows=0``; a missing required one names itself."""
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={"required": f"Cần nhập {label[:1].lower()}{label[1:]}."},
    )


@dataclass(frozen=True)
class OfficeAction:
    action: str  # a workflow.constants.Action value
    label: str  # the button
    form: type[forms.Form]
    # (dossier=, actor=, data=cleaned_data, form=bound form) → calls one service.
    perform: Callable[..., Any]
    done: str  # what the officer reads after it worked
    # Extra context a form needs to build its choices (officers, agencies).
    form_kwargs: Callable[[Dossier, Any], dict[str, Any]] | None = None
    style: str = "primary"  # "primary", "secondary" or "danger"
    # Whether the button makes sense for the dossier as it stands (an apology already
    # issued, a result not yet at the counter); the service checks again.
    shown: Callable[[Dossier], bool] | None = None
    # A line beside the button: why the system proposes it now.
    hint: Callable[[Dossier], str] | None = None

    def make_form(
        self, dossier: Dossier, user: Any, data: Any = None, files: Any = None
    ) -> forms.Form:
        kwargs = self.form_kwargs(dossier, user) if self.form_kwargs else {}
        return self.form(data, files, prefix=self.action, **kwargs)


REGISTRY: dict[str, OfficeAction] = {}


def register(office_action: OfficeAction) -> OfficeAction:
    if office_action.action in REGISTRY:
        raise RuntimeError(f"office action {office_action.action!r} registered twice")
    REGISTRY[office_action.action] = office_action
    return office_action


# Modules that register actions (each adds its buttons on import).
from motcua.office.actions import closing, intake, processing  # noqa: E402, F401
