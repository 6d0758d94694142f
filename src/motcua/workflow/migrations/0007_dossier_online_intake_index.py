"""The online intake queue (workflow.queues.online_intake_queue): online dossiers of
one one-stop unit waiting for the officer's check, oldest first. A partial index holds
only those rows (a few per unit at any time, out of millions of dossiers), in the
queue's order; written as SQL because the queue, not the dossiers app, needs it, and
both SQLite and PostgreSQL accept a partial index."""

from django.db import migrations

CREATE = (
    "CREATE INDEX dossier_online_intake ON dossiers_dossier "
    "(receiving_unit_id, submitted_at, id) "
    "WHERE status = 'submitted' AND channel = 'online'"
)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_status_appointment_includes_assignee"),
        ("workflow", "0006_result_return_task_active_agency_due"),
    ]

    operations = [
        migrations.RunSQL(CREATE, "DROP INDEX dossier_online_intake"),
    ]
