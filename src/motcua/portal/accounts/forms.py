"""The forms of the applicants' account pages: parsing and bounds only; the rules
(identity numbers, password strength, duplicates) are the services', whose refusals
come back onto the field they are about (``field_for_code``)."""

from __future__ import annotations

from django import forms

from motcua.accounts.constants import CodePurpose
from motcua.core.exceptions import ApplicationError

# A service refusal's code (by prefix) → the fields it may be about, first one present.
_FIELDS_OF_CODE: dict[str, tuple[str, ...]] = {
    "citizen_id": ("citizen_id",),
    "tax_code": ("tax_code",),
    "username_taken": ("citizen_id", "tax_code"),
    "full_name": ("full_name",),
    "name": ("name",),
    "representative": ("representative",),
    "email": ("email",),
    "contact_required": ("email",),
    "phone": ("phone",),
    "address": ("address",),
    "password": ("password",),
    "code": ("code",),
}


def field_for_code(form: forms.Form, code: str) -> str | None:
    """The form's field a service error code is about (``citizen_id_taken`` →
    ``citizen_id``), or None for an error about the whole form."""
    for prefix, fields in _FIELDS_OF_CODE.items():
        if code.startswith(prefix):
            for field in fields:
                if field in form.fields:
                    return field
    return None


def add_service_error(form: forms.Form, exc: ApplicationError) -> None:
    form.add_error(field_for_code(form, exc.code), exc.message)


def describe(form: forms.Form) -> forms.Form:
    """Tie each input to its help text and its errors (``aria-describedby``) and mark
    the invalid ones (``aria-invalid``), for screen readers (WCAG 3.3.1). Call just
    before rendering, after any error a service added."""
    errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        bound = form[name]
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}_help")
        if name in errors:
            ids.append(f"{bound.auto_id}_error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
    return form


def _text(label: str, max_length: int, **kwargs: object) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, **kwargs)  # type: ignore[arg-type]


def _password(label: str, autocomplete: str = "new-password") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class _NewPassword(forms.Form):
    password = _password("Mật khẩu")
    password_again = _password("Nhập lại mật khẩu")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", "Hai lần nhập mật khẩu không giống nhau.")
        return data


class CitizenSignUpForm(_NewPassword):
    field_order = ["citizen_id", "full_name", "phone", "email", "password", "password_again"]
    citizen_id = _text(
        "Số định danh cá nhân (CCCD)",
        12,
        help_text="12 chữ số, in trên thẻ căn cước.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = _text("Họ và tên", 200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = _text(
        "Số điện thoại",
        20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = _text(
        "Thư điện tử",
        254,
        required=False,
        help_text="Cần ít nhất số điện thoại hoặc thư điện tử để nhận mã xác thực.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class OrganisationSignUpForm(_NewPassword):
    field_order = [
        "tax_code", "name", "representative", "address", "phone", "email",
        "password", "password_again",
    ]  # fmt: skip
    tax_code = _text(
        "Mã số thuế",
        14,
        help_text="10 chữ số, hoặc 10 chữ số kèm mã đơn vị phụ thuộc (0100107518-001).",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = _text("Tên tổ chức, doanh nghiệp", 300)
    representative = _text("Người đại diện theo pháp luật", 200)
    address = _text("Địa chỉ trụ sở", 300, required=False)
    phone = CitizenSignUpForm.base_fields["phone"]
    email = CitizenSignUpForm.base_fields["email"]


class SignInForm(forms.Form):
    username = _text(
        "Tên đăng nhập",
        254,
        help_text="Số định danh cá nhân, mã số thuế, hoặc số điện thoại / thư điện tử "
        "đã xác minh. Cán bộ dùng tên đăng nhập được cấp.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = _password("Mật khẩu", autocomplete="current-password")


class VerifyForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Xác minh",
        choices=[
            (CodePurpose.VERIFY_EMAIL.value, "Thư điện tử"),
            (CodePurpose.VERIFY_PHONE.value, "Số điện thoại"),
        ],
        widget=forms.HiddenInput,
    )
    code = _text(
        "Mã xác thực",
        12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PasswordResetRequestForm(forms.Form):
    identifier = _text(
        "Số định danh cá nhân, mã số thuế, số điện thoại hoặc thư điện tử",
        254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class PasswordResetForm(_NewPassword):
    field_order = ["identifier", "code", "password", "password_again"]
    identifier = PasswordResetRequestForm.base_fields["identifier"]
    code = _text(
        "Mã đặt lại mật khẩu",
        12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ContactForm(forms.Form):
    phone = CitizenSignUpForm.base_fields["phone"]
    email = CitizenSignUpForm.base_fields["email"]
    address = _text("Địa chỉ", 300, required=False)


class OrganisationContactForm(ContactForm):
    representative = OrganisationSignUpForm.base_fields["representative"]
