from django.contrib import admin

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.feedback.models import Rating


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
