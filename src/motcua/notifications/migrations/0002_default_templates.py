"""The Vietnamese text of every message as editable rows (issue 6 §3).

The texts live in ``notifications.template_defaults`` (rendering falls back to them
when a row is missing), so this migration copies whatever they are when it runs. It
never overwrites a row an administrator already has."""

from django.db import migrations


def create_templates(apps, schema_editor):
    from motcua.notifications.template_defaults import DEFAULTS

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for key, by_channel in DEFAULTS.items():
        for channel, text in by_channel.items():
            MessageTemplate.objects.get_or_create(
                key=key,
                channel=channel,
                defaults={"subject": text.subject, "body": text.body, "is_active": True},
            )


def remove_unchanged(apps, schema_editor):
    from motcua.notifications.template_defaults import DEFAULTS

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for key, by_channel in DEFAULTS.items():
        for channel, text in by_channel.items():
            MessageTemplate.objects.filter(
                key=key, channel=channel, subject=text.subject, body=text.body
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(create_templates, remove_unchanged)]
