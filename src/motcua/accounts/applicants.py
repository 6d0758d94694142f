"""Applicants' own accounts on the portal (issue 5 §2): signing up, editing the contact
details on their profile, and signing in through an OpenID Connect provider (VNeID).

The ``Citizen`` and ``Organisation`` rows stay the source of truth for an applicant's
details (online submission prefills from them); the login's ``email`` and ``phone``
mirror them, because codes and notices are sent there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import UserKind
from motcua.accounts.models import Citizen, ExternalIdentity, Organisation, User
from motcua.accounts.services import (
    ADDRESS_MAX,
    _bounded_text,
    _contact,
    citizen_register,
    organisation_register,
)
from motcua.accounts.validators import validate_citizen_id
from motcua.core.exceptions import ApplicationError, validated
from motcua.core.services import audit_record


def _require_contact(*, email: str, phone: str) -> None:
    # The code that verifies the account goes to one of them (issue 5 §2).
    if not (email or "").strip() and not (phone or "").strip():
        raise ApplicationError(
            "Cần ít nhất một trong hai: thư điện tử hoặc số điện thoại, để nhận mã xác thực.",
            code="contact_required",
        )


def citizen_sign_up(
    *, citizen_id: str, full_name: str, phone: str, email: str, password: str
) -> Citizen:
    """A citizen registers on the portal: their record and a login whose username is
    the citizen ID, unverified until they enter a code. A citizen ID already on file
    (registered at a counter, or by someone else) is refused: claiming it takes the
    identity provider (:func:`external_sign_in`), which proves the person."""
    _require_contact(email=email, phone=phone)
    return citizen_register(
        citizen_id=citizen_id, full_name=full_name, phone=phone, email=email, password=password
    )


def organisation_sign_up(
    *,
    tax_code: str,
    name: str,
    representative: str,
    phone: str,
    email: str,
    address: str,
    password: str,
) -> Organisation:
    """An organisation or business registers by its tax code; the login's username is
    the tax code. The legal representative is required here (the portal's forms are
    signed in their name)."""
    _require_contact(email=email, phone=phone)
    if not (representative or "").strip():
        raise ApplicationError(
            "Chưa nhập người đại diện theo pháp luật.", code="representative_required"
        )
    return organisation_register(
        tax_code=tax_code,
        name=name,
        representative=representative,
        phone=phone,
        email=email,
        address=address,
        password=password,
    )


@transaction.atomic
def applicant_contact_update(
    *, user: User, phone: str, email: str, address: str, representative: str = ""
) -> User:
    """The applicant edits their contact details on their profile. Written to their
    ``Citizen`` or ``Organisation`` row and mirrored on the login; an address that
    changes loses its verification (a new code proves the new one). Name and identity
    number are not editable: they come from the identity documents."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    holder: Citizen | Organisation | None
    if locked.kind == UserKind.CITIZEN:
        holder = Citizen.objects.filter(user=locked).first()
    elif locked.kind == UserKind.ORGANISATION:
        holder = Organisation.objects.filter(user=locked).first()
    else:
        holder = None
    if holder is None:
        raise ApplicationError(
            "Tài khoản này không gắn với công dân hay tổ chức nào.", code="not_an_applicant"
        )
    _require_contact(email=email, phone=phone)
    email, phone = _contact(email=email, phone=phone)
    address = _bounded_text(address, field="address", label="địa chỉ", max_length=ADDRESS_MAX)
    before = {"email": holder.email, "phone": holder.phone, "address": holder.address}
    holder.email, holder.phone, holder.address = email, phone, address
    fields = ["email", "phone", "address", "updated_at"]
    if isinstance(holder, Organisation):
        before["representative"] = holder.representative
        holder.representative = _bounded_text(
            representative, field="representative", label="người đại diện", max_length=200
        )
        if not holder.representative:
            raise ApplicationError(
                "Chưa nhập người đại diện theo pháp luật.", code="representative_required"
            )
        fields.append("representative")
    holder.save(update_fields=fields)
    user_fields = ["email", "phone"]
    if locked.email != email:
        locked.email_verified_at = None
        user_fields.append("email_verified_at")
    if locked.phone != phone:
        locked.phone_verified_at = None
        user_fields.append("phone_verified_at")
    locked.email, locked.phone = email, phone
    locked.save(update_fields=user_fields)
    audit_record(
        actor=locked, action="applicant_contact_update", obj=holder, detail={"before": before}
    )
    return locked


@dataclass(frozen=True)
class ExternalClaims:
    """What an identity provider said about the person, already verified (signature,
    issuer, audience, expiry and nonce) by the caller."""

    issuer: str
    subject: str
    citizen_id: str
    full_name: str = ""
    email: str = ""
    phone: str = ""


class ExternalIdentityMismatchError(ApplicationError):
    code = "external_identity_mismatch"
    http_status = 403


def _citizen_id_of(user: User) -> str | None:
    citizen = Citizen.objects.filter(user=user).first()
    return citizen.citizen_id if citizen else None


@transaction.atomic
def external_sign_in(*, claims: ExternalClaims, current: User | None = None) -> User:
    """The account a provider login stands for, linked on the first login.

    - an identity already linked: its account, if the citizen ID still matches;
    - ``current`` (a person signed in who asked to link): linked to them, if their
      citizen ID is the one the provider gives;
    - a citizen already on file (at a counter, or registered on the portal): linked to
      their account, or a login is made for the record;
    - nobody on file: a citizen record and a login with no password.

    A citizen ID that does not match is refused, nothing written: the provider proved
    a different person from the account."""
    citizen_id = (claims.citizen_id or "").strip()
    try:
        validated(validate_citizen_id, citizen_id)
    except ApplicationError as exc:
        raise ExternalIdentityMismatchError(
            "Nhà cung cấp định danh không trả về số định danh cá nhân hợp lệ; không thể đăng nhập.",
            code="external_citizen_id_missing",
        ) from exc
    if not claims.subject:
        raise ExternalIdentityMismatchError(
            "Nhà cung cấp định danh không trả về mã người dùng.", code="external_subject_missing"
        )
    mismatch = ExternalIdentityMismatchError(
        f"Số định danh {citizen_id} mà nhà cung cấp định danh xác thực không khớp với "
        "tài khoản này; không thể liên kết. Hãy đăng nhập đúng tài khoản của mình.",
        detail={"citizen_id": citizen_id},
    )
    now = timezone.now()
    linked = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if linked is not None:
        if _citizen_id_of(linked.user) != citizen_id or (current and current != linked.user):
            raise mismatch
        linked.last_login_at = now
        linked.save(update_fields=["last_login_at"])
        return linked.user
    citizen = Citizen.objects.select_for_update().filter(citizen_id=citizen_id).first()
    if current is not None:
        if citizen is None or citizen.user_id != current.pk:
            raise mismatch
        user = current
    elif citizen is not None and citizen.user is not None:
        user = citizen.user
    else:
        if citizen is None:
            citizen = citizen_register(
                citizen_id=citizen_id,
                full_name=claims.full_name[:200] or citizen_id,
                email=claims.email if len(claims.email) <= 254 else "",
            )
        if User.objects.filter(username__iexact=citizen_id).exists():
            raise mismatch
        user = User(
            username=citizen_id,
            kind=UserKind.CITIZEN,
            full_name=citizen.full_name,
            email=citizen.email,
            phone=citizen.phone,
        )
        user.set_unusable_password()
        user.save()
        citizen.user = user
        citizen.save(update_fields=["user", "updated_at"])
    if not user.is_active:
        raise ExternalIdentityMismatchError(
            "Tài khoản đã bị khóa.", code="user_inactive", detail={"user": user.pk}
        )
    identity = ExternalIdentity.objects.create(
        user=user, issuer=claims.issuer, subject=claims.subject, last_login_at=now
    )
    audit_record(
        actor=user, action="external_identity_link", obj=identity, detail={"issuer": claims.issuer}
    )
    return user
