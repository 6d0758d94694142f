"""The work on a dossier: its tasks (one per process step), the hand-offs between
units and agencies (the rows of the process-control sheet, Mẫu 05/06), the agencies
of an inter-agency procedure with their own due times, and the notices issued to the
applicant (Mẫu 02 supplement request, 03 refusal, 04 apology, 05 stop)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from motcua.accounts.models import Role
from motcua.agencies.models import Agency, OneStopUnit, Unit
from motcua.calendar.constants import Outcome
from motcua.catalog.models import Participant, ProcessStep, RequiredComponent
from motcua.dossiers.constants import ResultDelivery, SupplementStage
from motcua.dossiers.models import Dossier
from motcua.workflow.constants import AlertKind, TaskStatus

_User = settings.AUTH_USER_MODEL


class DossierParticipant(models.Model):
    """An agency of an inter-agency (liên thông) procedure on one dossier, with its own
    due time counted from when the dossier reaches it (DOMAIN.md §2.4)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="participants")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField("nhận hồ sơ lúc", null=True, blank=True)
    due_at = models.DateTimeField("hạn của cơ quan", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=8, choices=Outcome.choices, blank=True)
    # An agency other than the deciding one: only these rows widen who may see the
    # dossier (the deciding agency sees it anyway), so visibility reads only them.
    inter_agency = models.BooleanField("cơ quan khác cơ quan giải quyết", db_default=False)
    # False once the dossier is finished (returned, refused, stopped): an active list
    # then reads only the participations of unfinished dossiers, a few per cent of all.
    dossier_open = models.BooleanField("hồ sơ chưa kết thúc", db_default=True)

    class Meta:
        verbose_name = "cơ quan liên thông của hồ sơ"
        verbose_name_plural = "cơ quan liên thông của hồ sơ"
        ordering = ["dossier", "participant__order", "pk"]
        indexes = [
            models.Index(fields=["agency", "dossier"]),
            models.Index(
                fields=["agency", "dossier"],
                condition=Q(inter_agency=True),
                name="participant_other_agency",
            ),
            models.Index(
                fields=["agency", "dossier"],
                condition=Q(inter_agency=True, dossier_open=True),
                name="participant_other_agency_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "participant"], name="dossier_participant_unique"
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(due_at__isnull=False),
                name="dossier_participant_started_has_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.agency_id}"


class Task(models.Model):
    """A step of the internal procedure on one dossier (DOMAIN.md §2.4): who does it,
    and by when (its budget counted from when it starts, on its agency's calendar)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=300)
    role = models.ForeignKey(
        Role, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="tasks"
    )
    one_stop_unit = models.ForeignKey(
        OneStopUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        DossierParticipant, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    assignee = models.ForeignKey(
        _User, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    budget = models.DecimalField("thời gian thực hiện", max_digits=6, decimal_places=2)
    status = models.CharField(
        "trạng thái", max_length=8, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    due_at = models.DateTimeField("hạn", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=8, choices=Outcome.choices, blank=True)
    # False once the dossier is finished (as on DossierParticipant): a unit's list of
    # unfinished dossiers then reads only their tasks, not every task the unit ever had.
    dossier_open = models.BooleanField("hồ sơ chưa kết thúc", db_default=True)

    class Meta:
        verbose_name = "bước xử lý của hồ sơ"
        verbose_name_plural = "bước xử lý của hồ sơ"
        ordering = ["dossier", "order"]
        # "Anything ever assigned to them" in the visibility filter (workflow.selectors)
        # reads only this index.
        indexes = [
            models.Index(fields=["assignee", "dossier"]),
            # A unit's visibility (workflow.selectors): index-only, and for a list of
            # unfinished dossiers only their tasks.
            models.Index(fields=["unit", "dossier"], name="task_unit_dossier"),
            models.Index(
                fields=["unit", "dossier"],
                condition=Q(dossier_open=True),
                name="task_unit_dossier_open",
            ),
            # The deadline sweep (workflow.reminders) reads the running steps whose due
            # time fell in the last few minutes: a range of this index, whatever the
            # number of finished steps.
            models.Index(
                fields=["due_at"], condition=Q(status=TaskStatus.ACTIVE), name="task_active_due"
            ),
            # The leader's desk (workflow.desk): an agency's running steps, oldest due
            # first, whatever the number of finished ones.
            models.Index(
                fields=["agency", "due_at"],
                condition=Q(status=TaskStatus.ACTIVE),
                name="task_active_agency_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="task_order_unique"),
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status=TaskStatus.ACTIVE), name="task_one_active"
            ),
            models.CheckConstraint(
                condition=Q(status=TaskStatus.PENDING)
                | Q(status=TaskStatus.SKIPPED)
                | Q(started_at__isnull=False, due_at__isnull=False),
                name="task_started_has_due",
            ),
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.DONE)
                | Q(finished_at__isnull=False) & ~Q(outcome=""),
                name="task_done_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Handoff(models.Model):
    """One row of the process-control sheet (Phiếu kiểm soát quá trình, Mẫu 05 of
    Circular 01/2018, 06 of Circular 03/2025): who handed the dossier to whom, when,
    and whether the giver was early, on time or late against its due time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handoffs")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(
        OneStopUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_label = models.CharField("bên giao", max_length=300)
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        OneStopUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_label = models.CharField("bên nhận", max_length=300)
    sent_by = models.ForeignKey(
        _User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("giao lúc")
    received_by = models.ForeignKey(
        _User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField("nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("hạn của bên giao", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=8, choices=Outcome.choices, blank=True)
    inter_agency = models.BooleanField("liên thông", default=False)
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "giao nhận hồ sơ"
        verbose_name_plural = "giao nhận hồ sơ"
        ordering = ["dossier", "sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(received_at__gte=F("sent_at")),
                name="handoff_received_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_label} → {self.to_label}"


class SupplementRequest(models.Model):
    """Mẫu 02: every missing or wrong item with its reason, in one go, once per stage
    (Decree 118/2025 Art. 11; Decree 297/2025)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="supplement_requests"
    )
    stage = models.CharField("giai đoạn", max_length=12, choices=SupplementStage.choices)
    reason = models.TextField("lý do")
    legal_basis = models.CharField("căn cứ", max_length=500, blank=True)
    requested_by = models.ForeignKey(_User, null=True, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("yêu cầu lúc")
    fulfilled_at = models.DateTimeField("bổ sung lúc", null=True, blank=True)

    class Meta:
        verbose_name = "yêu cầu bổ sung"
        verbose_name_plural = "yêu cầu bổ sung"
        ordering = ["dossier", "requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "stage"], name="supplement_once_per_stage"),
            models.CheckConstraint(
                condition=Q(fulfilled_at__isnull=True) | Q(fulfilled_at__gte=F("requested_at")),
                name="supplement_fulfilled_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} ({self.stage})"


class SupplementItem(models.Model):
    request = models.ForeignKey(SupplementRequest, on_delete=models.CASCADE, related_name="items")
    component = models.ForeignKey(
        RequiredComponent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("giấy tờ cần bổ sung", max_length=500)
    reason = models.CharField("lý do", max_length=1000)

    class Meta:
        ordering = ["request", "pk"]

    def __str__(self) -> str:
        return self.name


class Refusal(models.Model):
    """Mẫu 03: refusal to receive, with reasons and the legal basis."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="refusal")
    reason = models.TextField("lý do từ chối")
    legal_basis = models.CharField("căn cứ pháp lý", max_length=500)
    refused_by = models.ForeignKey(_User, null=True, on_delete=models.PROTECT, related_name="+")
    refused_at = models.DateTimeField("từ chối lúc")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.reason[:60]}"


class ApologyNotice(models.Model):
    """Mẫu 04: apology and new return date, signed by the head of the agency that
    caused the delay, at most once per dossier (DOMAIN.md §2.5)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="apology")
    responsible_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("lý do chậm")
    previous_appointment_at = models.DateTimeField("ngày hẹn cũ")
    new_appointment_at = models.DateTimeField("ngày hẹn mới")
    signed_by = models.ForeignKey(_User, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("ban hành lúc")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(new_appointment_at__gt=F("previous_appointment_at")),
                name="apology_new_date_later",
            ),
            models.CheckConstraint(
                condition=Q(issued_at__lte=F("previous_appointment_at")),
                name="apology_before_appointment_passes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.new_appointment_at:%Y-%m-%d}"


class StopNotice(models.Model):
    """Mẫu 05 of Circular 03/2025: notice that the dossier's handling stops, at the
    applicant's request or because it cannot go on (Decree 118/2025 Art. 21)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="stop_notice")
    at_applicant_request = models.BooleanField("theo đề nghị của người yêu cầu")
    reason = models.TextField("lý do")
    stage = models.CharField("giai đoạn", max_length=24)
    issued_by = models.ForeignKey(_User, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("ban hành lúc")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.reason[:60]}"


def _result_path(instance: ResultReturn, filename: str) -> str:
    return f"results/{filename}"


class ResultReturn(models.Model):
    """How the result reached the applicant (DOMAIN.md §2.7; Decree 118/2025 Art. 22):
    at the counter, the person who took it and their signature in the tracking ledger
    (sổ theo dõi, Mẫu 07); by public postal service, the tracking number; online, the
    electronic result. One per dossier, written with the return itself."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="result_return")
    way = models.CharField("hình thức trả", max_length=8, choices=ResultDelivery.choices)
    receiver_name = models.CharField("người nhận", max_length=200, blank=True)
    signed_ledger = models.BooleanField("người nhận đã ký sổ theo dõi", default=False)
    tracking_number = models.CharField("số hiệu bưu gửi", max_length=40, blank=True)
    file = models.FileField("tệp kết quả", upload_to=_result_path, max_length=200, blank=True)
    file_name = models.CharField("tên tệp kết quả", max_length=200, blank=True)
    returned_by = models.ForeignKey(_User, null=True, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField("trả lúc")

    class Meta:
        verbose_name = "trả kết quả"
        verbose_name_plural = "trả kết quả"
        constraints = [
            models.CheckConstraint(
                condition=Q(way__in=ResultDelivery.values), name="result_return_way_valid"
            ),
            # At the counter the receiver signs the ledger (DOMAIN.md §2.7).
            models.CheckConstraint(
                condition=~Q(way=ResultDelivery.COUNTER)
                | (~Q(receiver_name="") & Q(signed_ledger=True)),
                name="result_return_counter_signed",
            ),
            # By post, the postal tracking number is the proof of dispatch.
            models.CheckConstraint(
                condition=~Q(way=ResultDelivery.POST) | ~Q(tracking_number=""),
                name="result_return_post_has_tracking",
            ),
            models.CheckConstraint(
                condition=~Q(way=ResultDelivery.ONLINE) | ~Q(file=""),
                name="result_return_online_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.way}"


class DeadlineAlert(models.Model):
    """What the deadline watch found (issue 6 §4; ``workflow.reminders``): a step about
    to fall due, a step late, a dossier that will miss its appointment. Written once per
    finding, by the sweep or at the dossier event that revealed it; the reports read
    lateness found as it happened here. Until ``notified_at`` is set its people are
    still to be told: the sweep only records, and a second pass tells (the event check
    tells at once)."""

    kind = models.CharField("loại", max_length=16, choices=AlertKind.choices)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="deadline_alerts")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="deadline_alerts"
    )
    # The step's agency; for an apology, the deciding agency whose leaders were told.
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+"
    )
    # The step's due time or the appointment, as it stood when found.
    due_at = models.DateTimeField("hạn")
    found_at = models.DateTimeField("phát hiện lúc")
    notified_at = models.DateTimeField("đã báo lúc", null=True, blank=True)

    class Meta:
        verbose_name = "cảnh báo thời hạn"
        verbose_name_plural = "cảnh báo thời hạn"
        ordering = ["found_at", "pk"]
        indexes = [
            models.Index(fields=["kind", "found_at"], name="deadline_alert_kind_found"),
            # The alerts whose people are still to be told, oldest first.
            models.Index(
                fields=["id"], condition=Q(notified_at__isnull=True), name="deadline_alert_to_tell"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AlertKind.values), name="deadline_alert_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=AlertKind.APOLOGY_DUE) | Q(task__isnull=False),
                name="deadline_alert_step_has_task",
            ),
            # A step is reminded once and reported late once, whoever finds it first.
            models.UniqueConstraint(
                fields=["kind", "task"],
                condition=Q(task__isnull=False),
                name="deadline_alert_once_per_step",
            ),
            # An apology prompt once per appointment (a pause moves the appointment).
            models.UniqueConstraint(
                fields=["kind", "dossier", "due_at"],
                condition=Q(kind=AlertKind.APOLOGY_DUE),
                name="deadline_alert_once_per_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.dossier_id} {self.due_at:%Y-%m-%d %H:%M}"


class SweepState(models.Model):
    """How far the deadline sweep has looked (``workflow.reminders``): each run reads
    only the rows whose due time lies between ``swept_until`` and its own horizon, so
    its cost follows what fell due since, not the number of open dossiers. One row per
    watch; the sweep locks them, so two workers never sweep at once."""

    name = models.CharField("tên", max_length=40, unique=True)
    swept_until = models.DateTimeField("đã xét đến")
    ran_at = models.DateTimeField("chạy lần cuối lúc")

    class Meta:
        verbose_name = "mốc quét thời hạn"
        verbose_name_plural = "mốc quét thời hạn"

    def __str__(self) -> str:
        return f"{self.name}: {self.swept_until:%Y-%m-%d %H:%M}"
