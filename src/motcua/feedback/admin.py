from django.contrib import admin

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.feedback.models import Complaint, Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = (
        "dossier",
        "level",
        "channel",
        "occasion",
        "officer",
        "one_stop_unit",
        "created_at",
    )
    list_filter = ("level", "channel")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier", "officer", "one_stop_unit")
    show_full_result_count = False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Read only: the agency's feedback handler acts on the office page, where every
    change is a service call with its history row."""

    list_display = ("code", "title", "kind", "agency", "status", "received_at", "vote")
    list_filter = ("status", "kind")
    search_fields = ("code",)
    list_select_related = ("agency",)
    exclude = ("search_text",)
    show_full_result_count = False
