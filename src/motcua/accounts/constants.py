from django.db import models


class UserKind(models.TextChoices):
    STAFF = "staff", "Cán bộ, công chức"
    CITIZEN = "citizen", "Công dân"
    ORGANISATION = "organisation", "Tổ chức, doanh nghiệp"


class RoleCode(models.TextChoices):
    """The roles every installation starts with. Roles are rows of ``Role``; an
    administrator may add more, these codes are the ones the code refers to."""

    COUNTER_OFFICER = "counter_officer", "Cán bộ một cửa"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    UNIT_HEAD = "unit_head", "Trưởng phòng"
    LEADER = "leader", "Lãnh đạo phê duyệt"
    ADMINISTRATOR = "administrator", "Quản trị hệ thống"
    INSPECTOR = "inspector", "Thanh tra, giám sát"


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class CodePurpose(models.TextChoices):
    """What a one-time code proves (issue 5 §2): the person holds this e-mail address or
    phone number, or may set a new password."""

    VERIFY_EMAIL = "verify_email", "xác minh thư điện tử"
    VERIFY_PHONE = "verify_phone", "xác minh số điện thoại"
    PASSWORD_RESET = "password_reset", "đặt lại mật khẩu"
