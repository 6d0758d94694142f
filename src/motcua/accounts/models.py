"""People who log in (``User``), the roles staff can hold (``Role``), the applicants a
dossier names (``Citizen``, ``Organisation``), who may have no login, and the API
tokens a login can hold (``ApiToken``)."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.utils import timezone

from motcua.accounts.constants import CodePurpose, Gender, UserKind
from motcua.accounts.validators import validate_citizen_id, validate_tax_code
from motcua.core.models import TimeStampedModel


class User(AbstractUser):
    """Custom from the first migration (Django's advice), so identity fields can grow."""

    # Staff by default so that ``createsuperuser`` and the admin's add form make a valid
    # account; applicants get their kind from the registration services.
    kind = models.CharField(
        "loại tài khoản", max_length=16, choices=UserKind.choices, default=UserKind.STAFF
    )
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    # Set when the person entered the code sent to that address (issue 5 §2); changing
    # the address clears it. ``accounts.selectors.user_is_verified`` reads them.
    email_verified_at = models.DateTimeField("xác minh thư điện tử lúc", null=True, blank=True)
    phone_verified_at = models.DateTimeField("xác minh số điện thoại lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=UserKind.values), name="user_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.Model):
    """A staff role as data: granted to a person within an agency or unit by
    ``agencies.StaffAssignment``."""

    code = models.SlugField("mã vai trò", max_length=40, unique=True)
    name = models.CharField("tên vai trò", max_length=120)
    description = models.TextField("mô tả", blank=True)
    permissions = models.ManyToManyField(Permission, verbose_name="quyền", blank=True)

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Citizen(TimeStampedModel):
    """A person who applies (công dân), identified by the 12-digit citizen ID."""

    citizen_id = models.CharField(
        "số định danh cá nhân", max_length=12, unique=True, validators=[validate_citizen_id]
    )
    full_name = models.CharField("họ và tên", max_length=200)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen",
    )

    class Meta:
        verbose_name = "công dân"
        verbose_name_plural = "công dân"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(citizen_id__regex=r"^[0-9]{12}$"), name="citizen_id_12_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.citizen_id})"


class Organisation(TimeStampedModel):
    """An organisation or business that applies (tổ chức, doanh nghiệp), by tax code."""

    tax_code = models.CharField(
        "mã số thuế", max_length=14, unique=True, validators=[validate_tax_code]
    )
    name = models.CharField("tên tổ chức", max_length=300)
    address = models.CharField("địa chỉ trụ sở", max_length=300, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    representative = models.CharField("người đại diện theo pháp luật", max_length=200, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisation",
    )

    class Meta:
        verbose_name = "tổ chức"
        verbose_name_plural = "tổ chức"
        constraints = [
            # A 10-digit enterprise code, a 13-character branch code, or since 1/7/2025
            # an individual's 12-digit personal ID (Circular 86/2024/TT-BTC).
            models.CheckConstraint(
                condition=models.Q(tax_code__regex=r"^([0-9]{10}(-[0-9]{3})?|[0-9]{12})$"),
                name="organisation_tax_code_format",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class ApiToken(models.Model):
    """A bearer token for API v1 (``POST /api/v1/auth/token``), with an expiry and
    revocable. Only the SHA-256 of the secret is stored: a copy of the table (a backup,
    a read replica) gives nobody a working token. The raw token is shown once, when
    issued (``accounts.services.api_token_issue``)."""

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="api_tokens"
    )
    # The unique index is the lookup index of every authenticated request.
    key_hash = models.CharField("mã băm SHA-256", max_length=64, unique=True, editable=False)
    prefix = models.CharField("tiền tố", max_length=8, editable=False)
    name = models.CharField("tên gợi nhớ", max_length=100, blank=True)
    # Not auto_now_add: the expiry is computed from it in the same service call.
    created_at = models.DateTimeField("cấp lúc", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("hết hạn lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_created",
            ),
            models.CheckConstraint(
                condition=models.Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="api_token_key_hash_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_of(raw: str) -> str:
        """The stored form of a raw token. A plain SHA-256 is enough: the secret is 256
        random bits, not a password a person chose, so no salt or slow hash is needed."""
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class SignInFailure(models.Model):
    """A failed sign-in, kept for the lockout rule (``accounts.services.sign_in``):
    too many for one username inside the window and the account is refused until the
    window passes. Rows are per attempt so that several servers can count them; a
    successful sign-in deletes the username's rows."""

    username = models.CharField("tên đăng nhập", max_length=150)
    at = models.DateTimeField("lúc", default=timezone.now)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "lần đăng nhập sai"
        indexes = [models.Index(fields=["username", "at"], name="signin_failure_user_at")]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class OneTimeCode(models.Model):
    """A code sent to a person to verify an address or reset a password. Only its HMAC
    is stored (keyed with the secret key): six digits are a million guesses, so a plain
    hash in a copied table would be reversed in a second. Only the newest code of a
    user and purpose counts (``accounts.services.one_time_code_check``)."""

    user = models.ForeignKey(
        User, verbose_name="tài khoản", on_delete=models.CASCADE, related_name="one_time_codes"
    )
    purpose = models.CharField("mục đích", max_length=16, choices=CodePurpose.choices)
    # The address a verification code went to: entering it proves that address, and
    # only while the account still has it.
    address = models.CharField("gửi tới", max_length=254, blank=True)
    code_hash = models.CharField("mã băm", max_length=64, editable=False)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    expires_at = models.DateTimeField("hết hạn lúc")
    attempts = models.PositiveSmallIntegerField("số lần nhập sai", default=0)
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã xác thực một lần"
        verbose_name_plural = "mã xác thực một lần"
        indexes = [
            models.Index(fields=["user", "purpose", "-created_at"], name="one_time_code_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=CodePurpose.values), name="one_time_code_purpose"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="one_time_code_expires_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.user} {self.created_at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """A login at an OpenID Connect provider (VNeID) linked to an account: the issuer and
    the subject it gives the person, which never change (OpenID Connect Core §5.7)."""

    user = models.ForeignKey(
        User,
        verbose_name="tài khoản",
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField("nhà cung cấp định danh", max_length=300)
    subject = models.CharField("mã người dùng tại nhà cung cấp", max_length=255)
    created_at = models.DateTimeField("liên kết lúc", default=timezone.now, editable=False)
    last_login_at = models.DateTimeField("đăng nhập lần cuối lúc", null=True, blank=True)

    class Meta:
        verbose_name = "định danh liên kết"
        verbose_name_plural = "định danh liên kết"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_once")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject} → {self.user}"
