"""A dossier (hồ sơ) from submission to return, what it contains, and its history
(DOMAIN.md §2, §13). The dossier row holds the current state; ``DossierEvent`` holds
every change, appended and never edited. Workflow services are the only writers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from motcua.accounts.models import Citizen, Organisation
from motcua.agencies.models import Agency, OneStopUnit
from motcua.catalog.constants import ComponentForm
from motcua.catalog.models import Procedure, ProcedureVersion, RequiredComponent
from motcua.dossiers.constants import (
    ApplicantKind,
    Channel,
    Decision,
    DossierStatus,
    ResultDelivery,
    SupplementStage,
)

_RECEIVED_STATUSES = [
    DossierStatus.RECEIVED,
    DossierStatus.IN_PROGRESS,
    DossierStatus.AWAITING_PAYMENT,
    DossierStatus.DECIDED,
    DossierStatus.RETURNED,
]
_DECIDED_STATUSES = [DossierStatus.DECIDED, DossierStatus.RETURNED]


class Dossier(models.Model):
    code = models.CharField("mã hồ sơ", max_length=40, unique=True)
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name="phiên bản thủ tục",
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text="Phiên bản có hiệu lực khi nộp; hồ sơ giữ phiên bản này đến khi xong.",
    )
    # The version's procedure, kept beside it for filtering by procedure code.
    procedure = models.ForeignKey(
        Procedure, verbose_name="thủ tục", on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.CharField("kênh nộp", max_length=8, choices=Channel.choices)
    # Receipt is independent of administrative boundary inside a province (Decree
    # 118/2025 Art. 14), so the receiving unit may belong to another agency.
    receiving_unit = models.ForeignKey(
        OneStopUnit,
        verbose_name="bộ phận tiếp nhận",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    deciding_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan giải quyết",
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    # The applicant (người yêu cầu): a citizen or an organisation; the account that
    # owns the dossier online. The name and contact are copied at receipt, as Mẫu 01
    # prints them.
    applicant_kind = models.CharField(
        "loại chủ hồ sơ", max_length=16, choices=ApplicantKind.choices
    )
    citizen = models.ForeignKey(
        Citizen, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản chủ hồ sơ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    applicant_name = models.CharField("chủ hồ sơ", max_length=300)
    applicant_id_number = models.CharField("số định danh / mã số thuế", max_length=14)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    applicant_phone = models.CharField("điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    # A person filing under an authorisation (ủy quyền); empty when the applicant files.
    representative_name = models.CharField("người được ủy quyền", max_length=200, blank=True)
    representative_id_number = models.CharField(
        "số định danh người được ủy quyền", max_length=12, blank=True
    )
    authorisation_note = models.CharField("văn bản ủy quyền", max_length=300, blank=True)

    eform_data = models.JSONField("tờ khai điện tử", default=dict, blank=True)
    result_delivery = models.CharField(
        "hình thức nhận kết quả", max_length=8, choices=ResultDelivery.choices
    )
    delivery_address = models.CharField("địa chỉ nhận kết quả", max_length=300, blank=True)
    sets_count = models.PositiveSmallIntegerField("số bộ hồ sơ", default=1)

    status = models.CharField(
        "trạng thái", max_length=24, choices=DossierStatus.choices, db_index=True
    )
    status_changed_at = models.DateTimeField("đổi trạng thái lúc")
    supplement_stage = models.CharField(
        "giai đoạn bổ sung", max_length=12, choices=SupplementStage.choices, blank=True
    )

    submitted_at = models.DateTimeField("nộp lúc")
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ tiếp nhận",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clock_start = models.DateTimeField("bắt đầu tính thời hạn", null=True, blank=True)
    appointment_at = models.DateTimeField("hẹn trả kết quả", null=True, blank=True)
    original_appointment_at = models.DateTimeField("hẹn trả ban đầu", null=True, blank=True)
    # The clock stops while the dossier waits for the applicant (DOMAIN.md §4).
    paused_at = models.DateTimeField("tạm dừng tính thời hạn từ", null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField("số lần yêu cầu bổ sung", default=0)
    reschedule_count = models.PositiveSmallIntegerField("số lần hẹn lại", default=0)

    # Where the work is now (a copy of the active task, for inboxes).
    current_step = models.PositiveSmallIntegerField("bước hiện tại", null=True, blank=True)
    current_step_name = models.CharField("tên bước hiện tại", max_length=300, blank=True)
    current_agency = models.ForeignKey(
        Agency,
        verbose_name="cơ quan đang xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ đang xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    decision = models.CharField(
        "kết quả giải quyết", max_length=12, choices=Decision.choices, blank=True
    )
    decision_note = models.TextField("nội dung, lý do", blank=True)
    decided_at = models.DateTimeField("giải quyết xong lúc", null=True, blank=True)
    result_ready_at = models.DateTimeField("kết quả về bộ phận một cửa lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    ended_at = models.DateTimeField(
        "kết thúc lúc",
        null=True,
        blank=True,
        help_text="Khi hồ sơ bị từ chối tiếp nhận, dừng xử lý, hoặc đã trả kết quả.",
    )
    fee_requested = models.PositiveBigIntegerField("nghĩa vụ tài chính (đồng)", default=0)
    fee_paid = models.PositiveBigIntegerField("đã nộp (đồng)", default=0)

    # A retried online submission with the same key returns this dossier (API v1).
    idempotency_key = models.CharField(max_length=100, blank=True, editable=False)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["deciding_agency", "status", "appointment_at"]),
            models.Index(fields=["receiving_unit", "status", "appointment_at"]),
            models.Index(fields=["current_agency", "status", "appointment_at"]),
            models.Index(fields=["current_assignee", "status", "appointment_at"]),
            models.Index(fields=["owner", "submitted_at"]),
            models.Index(fields=["procedure", "status"]),
            # Staff lists by status, most urgent first; the visibility columns ride along
            # so PostgreSQL answers from the index alone (ignored on SQLite).
            models.Index(
                fields=["status", "appointment_at", "id"],
                # Every column a staff list's visibility filter reads: the count
                # up to the cap is then an index-only scan.
                include=[
                    "deciding_agency",
                    "current_agency",
                    "receiving_unit",
                    "current_assignee",
                ],
                name="dossier_status_appointment",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DossierStatus.values), name="dossier_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="dossier_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(applicant_kind=ApplicantKind.CITIZEN, organisation__isnull=True)
                | Q(applicant_kind=ApplicantKind.ORGANISATION, citizen__isnull=True),
                name="dossier_one_applicant",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_RECEIVED_STATUSES)
                | Q(
                    received_at__isnull=False,
                    clock_start__isnull=False,
                    appointment_at__isnull=False,
                    original_appointment_at__isnull=False,
                ),
                name="dossier_received_has_appointment",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_DECIDED_STATUSES)
                | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="dossier_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status=DossierStatus.RETURNED)
                | Q(returned_at__isnull=False, ended_at__isnull=False),
                name="dossier_returned_has_returned_at",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[DossierStatus.STOPPED, DossierStatus.REFUSED])
                | Q(ended_at__isnull=False),
                name="dossier_ended_has_ended_at",
            ),
            # The clock is paused only while waiting for the applicant.
            models.CheckConstraint(
                condition=Q(paused_at__isnull=True)
                | Q(status__in=[DossierStatus.AWAITING_SUPPLEMENT, DossierStatus.AWAITING_PAYMENT]),
                name="dossier_paused_only_while_waiting",
            ),
            models.CheckConstraint(
                condition=~Q(status=DossierStatus.AWAITING_SUPPLEMENT) | ~Q(supplement_stage=""),
                name="dossier_supplement_has_stage",
            ),
            # Rescheduling with an apology at most once (Decree 118 as applied by Lai
            # Châu QĐ 88/2025; Decree 297/2025 Art. 6(5)).
            models.CheckConstraint(
                condition=Q(reschedule_count__lte=1), name="dossier_reschedule_at_most_once"
            ),
            # One supplement request per stage (Decree 118 Art. 11): two at most.
            models.CheckConstraint(
                condition=Q(supplement_count__lte=2), name="dossier_supplement_once_per_stage"
            ),
            models.CheckConstraint(
                condition=Q(appointment_at__isnull=True) | Q(clock_start__lte=F("appointment_at")),
                name="dossier_appointment_after_clock_start",
            ),
            models.CheckConstraint(
                condition=Q(fee_paid__lte=F("fee_requested")), name="dossier_fee_paid_not_above"
            ),
            models.UniqueConstraint(
                fields=["owner", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="dossier_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def sync_status(self) -> int:
        return DossierStatus(self.status).sync_code


class DossierCodeSequence(models.Model):
    """The daily running number of dossier codes per deciding agency (DOMAIN.md §3).
    Incremented in the receiving transaction, so a rolled-back receipt leaves no gap."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_code_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class DossierComponent(models.Model):
    """A paper submitted (thành phần hồ sơ): which required component it answers, in
    what form and how many, with its digitised files."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    required = models.ForeignKey(
        RequiredComponent,
        verbose_name="thành phần theo quy định",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("tên giấy tờ", max_length=500)
    form = models.CharField("hình thức", max_length=16, choices=ComponentForm.choices)
    count = models.PositiveSmallIntegerField("số lượng", default=1)
    supplement_stage = models.CharField(
        "nộp bổ sung", max_length=12, choices=SupplementStage.choices, blank=True
    )
    reused_from_repository = models.BooleanField("lấy từ kho dữ liệu", default=False)
    added_at = models.DateTimeField("nộp lúc")

    class Meta:
        verbose_name = "giấy tờ đã nộp"
        verbose_name_plural = "giấy tờ đã nộp"
        ordering = ["dossier", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="dossier_component_count")
        ]

    def __str__(self) -> str:
        return self.name


def _file_path(instance: DossierFile, filename: str) -> str:
    # The stored name is the content hash: no user-chosen path ever reaches the disk.
    return f"dossiers/{instance.sha256[:2]}/{instance.sha256}"


class DossierFile(models.Model):
    component = models.ForeignKey(DossierComponent, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to=_file_path, max_length=200)
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("tải lên lúc")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["component", "pk"]

    def __str__(self) -> str:
        return self.name


class DossierEvent(models.Model):
    """One change of a dossier: who, when, from which status to which, at which step.
    Appended by workflow services; never edited (DESIGN.md, State)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=32)
    from_status = models.CharField("từ trạng thái", max_length=24, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=24)
    step = models.PositiveSmallIntegerField("bước", null=True, blank=True)
    step_name = models.CharField("tên bước", max_length=300, blank=True)
    note = models.TextField("ghi chú", blank=True)
    detail = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        verbose_name = "lịch sử xử lý"
        verbose_name_plural = "lịch sử xử lý"
        ordering = ["dossier", "at", "pk"]
        indexes = [models.Index(fields=["dossier", "at"])]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.from_status}→{self.to_status}"


class SubmissionDraft(models.Model):
    """An online submission not yet sent (portal, issue 5 §3): what the applicant has
    filled in so far, kept between visits. One per account and procedure; it holds
    the version it was started on, so a draft of a version no longer in force is
    recognised and started again rather than filed against the wrong form."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submission_drafts"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="+")
    # The idempotency key of the submission (a double click gives one dossier): random,
    # so it can be shown in a form without revealing anything.
    token = models.UUIDField(unique=True, editable=False)
    step = models.CharField("bước đang khai", max_length=20)
    answers = models.JSONField("nội dung đã khai", default=dict, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "hồ sơ nộp trực tuyến đang soạn"
        verbose_name_plural = "hồ sơ nộp trực tuyến đang soạn"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "procedure"], name="submission_draft_one_per_procedure"
            )
        ]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.procedure_id} ({self.step})"


class SubmissionDraftFile(models.Model):
    """A file attached to a draft, stored under its content hash like ``DossierFile``
    (the blob becomes the dossier's file on submission, no copy). A document taken
    from the applicant's own repository points at its existing blob."""

    draft = models.ForeignKey(SubmissionDraft, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(RequiredComponent, on_delete=models.CASCADE, related_name="+")
    file = models.FileField("tệp", max_length=200)
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    reused_from_repository = models.BooleanField("lấy từ kho dữ liệu", default=False)
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp của hồ sơ đang soạn"
        verbose_name_plural = "tệp của hồ sơ đang soạn"
        ordering = ["draft", "component", "pk"]

    def __str__(self) -> str:
        return self.name
