"""The six staff roles every installation starts with (issue 2 §4). Roles are data:
administrators may rename them or add more."""

from django.db import migrations

DEFAULT_ROLES = [
    ("counter_officer", "Cán bộ một cửa", "Tiếp nhận hồ sơ, kiểm tra thành phần, trả kết quả."),
    ("specialist", "Chuyên viên xử lý", "Thẩm định hồ sơ ở bước được giao."),
    ("unit_head", "Trưởng phòng", "Phân công, kiểm tra kết quả thẩm định của phòng."),
    ("leader", "Lãnh đạo phê duyệt", "Phê duyệt hoặc từ chối, ký kết quả, xin lỗi và hẹn lại."),
    ("administrator", "Quản trị hệ thống", "Quản trị cơ quan, cán bộ, danh mục, lịch làm việc."),
    ("inspector", "Thanh tra, giám sát", "Xem chỉ số, báo cáo, đánh giá cơ quan và cán bộ."),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in DEFAULT_ROLES:
        Role.objects.get_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
