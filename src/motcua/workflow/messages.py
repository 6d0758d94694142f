"""What the applicant is told at each step of their dossier (issue 6 §3; seed 003: "SMS
after receiving the dossier and after returning the result"), and the deadline check
that follows every event (``reminders.deadlines_check``).

``dossier_event_notify`` is called once per dossier event, by ``services._finish``, in
the event's transaction: the messages exist if and only if the change committed, and
their event key is the history row (``dossier-event:<id>``), so an event never tells
anyone twice. The applicant is told on the channels they receive on (the phone and
e-mail written on the dossier, else their account's; ``notifications.person_notify``).

Told, with why:

- receipt at the counter, online dossier accepted → ``DOSSIER_RECEIVED``: code,
  receipt time, appointment, tracking link (Mẫu 01's content; the code is how they
  follow it, Decree 61 Art. 18);
- supplement requested → ``SUPPLEMENT_REQUESTED``: every item with its reason (Mẫu 02
  lists all of it "in one go", Decree 118 Art. 11; the clock waits for them);
- refused → ``DOSSIER_REFUSED``: reason and legal basis (Mẫu 03);
- payment requested → ``PAYMENT_REQUESTED``: the amount (the clock waits, status 6);
- result at the one-stop unit → ``RESULT_READY``: where and how to get it;
- result returned → ``RESULT_RETURNED``: date, the link to rate it on the portal (seed
  003; DOMAIN.md §2.8);
- apology with a new date → ``APOLOGY``: old and new date, reason, the agency that
  apologises (Mẫu 04, delivered by SMS, e-mail or portal: Decree 297/2025, §2.5);
- stopped → ``DOSSIER_STOPPED``: reason (Mẫu 05 of Circular 03/2025).

Not told, on purpose:

- online submission: the portal shows the code the moment they submit, and nothing is
  accepted yet; they are told when an officer accepts it (or asks for more);
- start of processing, assignment, hand-offs: internal steps, seen on the tracking
  page; a text for each would teach people to ignore the texts;
- the decision: the result is not in hand until it reaches the one-stop unit, when
  ``RESULT_READY`` says so (and whether it was granted is in the result itself);
- the applicant's own acts (withdrawal, supplement, payment): they did it and saw it
  done; the stop notice that follows a withdrawal is told.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from motcua.dossiers.constants import ResultDelivery
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notifications.constants import TemplateKey
from motcua.notifications.rendering import format_dong
from motcua.notifications.services import person_notify
from motcua.workflow.constants import Action
from motcua.workflow.models import ApologyNotice, Refusal, StopNotice, SupplementRequest
from motcua.workflow.reminders import deadlines_check, when


def tracking_url(code: str) -> str:
    """The public tracking page of a dossier (portal ``tracking``, ``/tra-cuu/?ma=``).
    The payment page does not exist yet; its link goes here meanwhile."""
    return f"{settings.PUBLIC_BASE_URL}/tra-cuu/?ma={code}"


def own_dossier_url(code: str, page: str = "") -> str:
    """The applicant's own page of a dossier on the portal (``/ho-so-cua-toi/<code>/``,
    after sign-in): where an online result is downloaded and the dossier rated."""
    return f"{settings.PUBLIC_BASE_URL}/ho-so-cua-toi/{code}/{page}"


def _day(moment: dt.datetime | None) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime("%d/%m/%Y")


def _applicant_context(dossier: Dossier, *, agency: str) -> dict[str, Any]:
    return {
        "citizen_name": dossier.applicant_name,
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": agency,
        "tracking_url": tracking_url(dossier.code),
    }


def _pickup(dossier: Dossier) -> str:
    """Where or how the applicant gets the result, as they chose (DOMAIN.md §2.1)."""
    match dossier.result_delivery:
        case ResultDelivery.POST:
            return f"gửi qua bưu chính công ích đến {dossier.delivery_address}"
        case ResultDelivery.ONLINE:
            return f"trực tuyến tại {_own_page(dossier)}"
    unit = dossier.receiving_unit
    place = f"{unit.name}, {unit.address}" if unit.address else unit.name
    return f"{place}, trong giờ hành chính"


def _own_page(dossier: Dossier, page: str = "") -> str:
    """The applicant's own page of the dossier when they have an account (only the
    owner downloads an online result or rates on the portal); else public tracking."""
    if dossier.owner_id is None:
        return tracking_url(dossier.code)
    return own_dossier_url(dossier.code, page)


def _supplement_missing(dossier: Dossier) -> str:
    request = (
        SupplementRequest.objects.filter(dossier=dossier, stage=dossier.supplement_stage)
        .prefetch_related("items")
        .get()
    )
    return "\n".join(f"- {item.name}: {item.reason}" for item in request.items.all())


def applicant_message(dossier: Dossier, event: DossierEvent) -> tuple[str, dict[str, Any]] | None:
    """The template and context of what the applicant is told about ``event``, or
    None when the event is not told (see the module's table)."""
    receiving = dossier.receiving_unit.name
    deciding = dossier.deciding_agency.name
    match event.action:
        case Action.RECEIVE_COUNTER | Action.RECEIVE:
            # The one-stop unit receives on behalf of the deciding agency (Decree 118
            # Art. 17): it signs Mẫu 01, so it is named.
            return TemplateKey.DOSSIER_RECEIVED, {
                **_applicant_context(dossier, agency=receiving),
                "received_at": when(dossier.received_at),
                "appointment": when(dossier.appointment_at),
            }
        case Action.REQUEST_SUPPLEMENT:
            # Where to bring the papers: the one-stop unit that received the dossier.
            return TemplateKey.SUPPLEMENT_REQUESTED, {
                **_applicant_context(dossier, agency=receiving),
                "missing": _supplement_missing(dossier),
            }
        case Action.REFUSE:
            refusal = Refusal.objects.get(dossier=dossier)
            return TemplateKey.DOSSIER_REFUSED, {
                **_applicant_context(dossier, agency=receiving),
                "reason": f"{refusal.reason} (căn cứ: {refusal.legal_basis})",
            }
        case Action.REQUEST_PAYMENT:
            return TemplateKey.PAYMENT_REQUESTED, {
                **_applicant_context(dossier, agency=deciding),
                "amount": format_dong(int(event.detail["amount"])),
                "payment_url": tracking_url(dossier.code),
            }
        case Action.MARK_RESULT_READY:
            return TemplateKey.RESULT_READY, {
                **_applicant_context(dossier, agency=deciding),
                "pickup": _pickup(dossier),
            }
        case Action.RETURN_RESULT:
            return TemplateKey.RESULT_RETURNED, {
                **_applicant_context(dossier, agency=deciding),
                "returned_at": _day(dossier.returned_at),
                "feedback_url": _own_page(dossier, "danh-gia/"),
            }
        case Action.RESCHEDULE:
            # The agency that caused the delay apologises (DOMAIN.md §2.5).
            apology = ApologyNotice.objects.select_related("responsible_agency").get(
                dossier=dossier
            )
            return TemplateKey.APOLOGY, {
                **_applicant_context(dossier, agency=apology.responsible_agency.name),
                "appointment": when(apology.previous_appointment_at),
                "new_appointment": when(apology.new_appointment_at),
                "reason": apology.reason,
            }
        case Action.STOP:
            notice = StopNotice.objects.get(dossier=dossier)
            return TemplateKey.DOSSIER_STOPPED, {
                **_applicant_context(dossier, agency=deciding),
                "reason": notice.reason,
            }
    return None


def dossier_event_notify(*, dossier: Dossier, event: DossierEvent, actor: Any) -> int:
    """Tell the applicant about ``event`` if it is told, then check the dossier's
    deadlines as the event leaves them. Runs in the event's transaction; returns the
    messages written."""
    told = 0
    found = applicant_message(dossier, event)
    if found is not None:
        template, context = found
        told += len(
            person_notify(
                event_key=f"dossier-event:{event.pk}",
                template=template,
                context=context,
                user=dossier.owner,
                phone=dossier.applicant_phone,
                email=dossier.applicant_email,
                reference=dossier.code,
                at=event.at,
            )
        )
    return told + deadlines_check(dossier=dossier, at=event.at, actor=actor)
