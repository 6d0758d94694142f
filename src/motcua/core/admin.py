from django.contrib import admin

from motcua.core.admin_readonly import ReadOnlyAdmin
from motcua.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "action")
    # The audit log is append-only: nobody edits or deletes it from the admin.
