"""The office role that handles an agency's feedback and complaints (issue 5 §7), seeded
like the six default roles of accounts 0002. Roles are data: administrators grant it
per agency."""

from django.db import migrations

ROLE = (
    "feedback_handler",
    "Cán bộ xử lý phản ánh, kiến nghị",
    "Tiếp nhận, từ chối, đề nghị bổ sung, trả lời và công khai phản ánh, kiến nghị "
    "gửi cơ quan.",
)


def create_role(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    code, name, description = ROLE
    Role.objects.get_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_default_roles"),
        ("feedback", "0002_complaints"),
    ]
    operations = [migrations.RunPython(create_role, migrations.RunPython.noop)]
