from django.contrib import admin

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent


class ComponentInline(admin.TabularInline):
    model = DossierComponent
    extra = 0
    fields = ("name", "form", "count", "supplement_stage", "added_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    fields = ("at", "actor", "action", "from_status", "to_status", "step_name", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# Dossiers change only through the workflow services (DESIGN.md, the one rule): the
# admin shows them and their history for support, and edits nothing.
@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("code", "procedure", "applicant_name", "status", "appointment_at")
    list_filter = ("status", "channel", "deciding_agency")
    search_fields = ("code", "applicant_name", "applicant_id_number")
    list_select_related = ("procedure",)
    show_full_result_count = False
    inlines = [ComponentInline, EventInline]
