from django.contrib import admin

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.workflow.models import ApologyNotice, DeadlineAlert, Handoff, SweepState, Task


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "order", "name", "agency", "assignee", "status", "due_at")
    list_filter = ("status",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier", "agency", "assignee")
    show_full_result_count = False


@admin.register(Handoff)
class HandoffAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "from_label", "to_label", "sent_at", "due_at", "outcome")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)
    show_full_result_count = False


@admin.register(ApologyNotice)
class ApologyNoticeAdmin(ReadOnlyAdmin):
    list_display = (
        "dossier",
        "responsible_agency",
        "previous_appointment_at",
        "new_appointment_at",
    )
    search_fields = ("dossier__code",)
    list_select_related = ("dossier", "responsible_agency")


@admin.register(DeadlineAlert)
class DeadlineAlertAdmin(ReadOnlyAdmin):
    """What the deadline sweep found, and when the people concerned were told."""

    list_display = ("dossier", "kind", "agency", "due_at", "found_at", "notified_at")
    list_filter = ("kind",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier", "agency")
    show_full_result_count = False


@admin.register(SweepState)
class SweepStateAdmin(ReadOnlyAdmin):
    """How far each watch of the deadline sweep has read, and when it last ran."""

    list_display = ("name", "swept_until", "ran_at")
