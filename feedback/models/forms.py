"""Feedback forms (跨部门协作沟通与问题反馈表), DESIGN.md 2.4: one department asks another
for help or reports a problem; the receiving side answers within the urgency's deadline."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .policy import Urgency


class FeedbackCodeSequence(models.Model):
    """The last form number used in a year; locked while a code is taken (gap-free)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class FeedbackForm(models.Model):
    class Kind(models.TextChoices):
        COLLABORATION_REQUEST = "collaboration_request", _("collaboration request")
        PROCESS_BOTTLENECK = "process_bottleneck", _("process bottleneck")
        RESOURCE_REQUEST = "resource_request", _("resource request")
        FAULT_OR_COMPLAINT = "fault_or_complaint", _("fault or complaint")
        OTHER = "other", pgettext_lazy("feedback type", "other")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("feedback", "submitted")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback", "acknowledged")
        IN_PROGRESS = "in_progress", pgettext_lazy("feedback", "in progress")
        RESOLVED = "resolved", pgettext_lazy("feedback", "resolved")
        CONFIRMED = "confirmed", pgettext_lazy("feedback", "confirmed")

    # The receiving side still owes something: its first response, work, or a resolution.
    OPEN_STATUSES = (Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS)

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    initiating_department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("initiating department"),
        on_delete=models.PROTECT,
        related_name="feedback_sent",
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiator"),
        on_delete=models.PROTECT,
        related_name="feedback_initiated",
    )
    phone_extension = models.CharField(_("phone extension"), max_length=20, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    kind_other = models.CharField(_("other type"), max_length=200, blank=True)
    background = models.TextField(_("background"))
    current_situation = models.TextField(_("current situation"))
    expectation = models.TextField(_("expectation"))
    receiving_department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("receiving department"),
        on_delete=models.PROTECT,
        related_name="feedback_received",
    )
    receiving_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_to_answer",
    )
    involved_departments = models.ManyToManyField(
        "collab.Department",
        verbose_name=_("other involved departments"),
        blank=True,
        related_name="feedback_involved",
    )
    expected_completion = models.DateTimeField(_("expected completion"))
    card = models.ForeignKey(
        "tasks.Card",
        verbose_name=_("related card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_forms",
    )
    related_item = models.CharField(_("related item"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    # Deadlines, copied from the SLA policy when filed. The first response is kept apart
    # for the compliance figures; the current cycle restarts when the initiator reopens.
    follow_up_every_hours = models.PositiveSmallIntegerField(_("follow up every (hours)"))
    first_response_due_at = models.DateTimeField(_("first response due at"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due at"))
    response_due_soon_at = models.DateTimeField(_("response due soon from"))
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The receiving side's last word (log entry, acknowledgement, resolution): the
    # follow-up cadence counts from it.
    last_follow_up_at = models.DateTimeField(_("last follow-up at"), null=True, blank=True)

    # Resolution (处理结果).
    solution = models.TextField(_("solution"), blank=True)
    completed_at = models.DateTimeField(_("completion time"), null=True, blank=True)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_resolved",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    # Confirmation (确认): the initiator's rating.
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("satisfaction comment"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    escalated_card = models.OneToOneField(
        "tasks.Card",
        verbose_name=_("escalated to card"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_from_feedback",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[involved_departments])

    class Meta:
        verbose_name = _("feedback form")
        verbose_name_plural = _("feedback forms")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | (Q(satisfaction__gte=1) & Q(satisfaction__lte=5)),
                name="feedback_satisfaction_range",
            ),
            models.CheckConstraint(
                condition=~Q(receiving_department=F("initiating_department")),
                name="feedback_receiver_not_initiator",
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(kind_other=""), name="feedback_other_type_named"
            ),
        ]
        indexes = [
            # A department's inbox: its open forms by deadline.
            models.Index(
                fields=["receiving_department", "status", "response_due_at"],
                name="feedback_inbox_idx",
            ),
            # "My forms" and the initiating department's list, newest first.
            models.Index(fields=["initiator", "-submitted_at"], name="feedback_initiator_idx"),
            models.Index(
                fields=["initiating_department", "-submitted_at"], name="feedback_sender_idx"
            ),
            # Lists ordered by filing date and the date-range filter; SLA sweeps by deadline.
            models.Index(fields=["-submitted_at", "id"], name="feedback_submitted_idx"),
            models.Index(fields=["status", "response_due_at"], name="feedback_due_idx"),
            # The urgency and type filters with the compliance figures.
            models.Index(fields=["urgency", "kind"], name="feedback_urgency_kind_idx"),
            # The reminder sweeps (feedback/reminders.py): forms awaiting their first
            # response, and forms being worked on (the follow-up cadence), by pk.
            models.Index(
                fields=["id"],
                condition=Q(status="submitted", first_response_at__isnull=True),
                name="feedback_awaiting_first_idx",
            ),
            models.Index(
                fields=["id"],
                condition=Q(status__in=["acknowledged", "in_progress"]),
                name="feedback_in_progress_idx",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class FeedbackAttachment(models.Model):
    """A file filed with the form; served only through a view that checks who may see it."""

    form = models.ForeignKey(
        FeedbackForm,
        verbose_name=_("feedback form"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="feedback/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class LogEntry(models.Model):
    """The communication log (沟通记录): time, who, department, what was said. The workflow
    writes entries of its own (acknowledged, resolved, reopened) beside people's notes."""

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback log", "acknowledged")
        RESOLVED = "resolved", pgettext_lazy("feedback log", "resolved")
        REOPENED = "reopened", pgettext_lazy("feedback log", "reopened")
        CONFIRMED = "confirmed", pgettext_lazy("feedback log", "confirmed")
        ESCALATED = "escalated", _("turned into a card")
        ACTION_ITEM = "action_item", _("action item")

    form = models.ForeignKey(
        FeedbackForm,
        verbose_name=_("feedback form"),
        on_delete=models.CASCADE,
        related_name="log_entries",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NOTE)
    happened_at = models.DateTimeField(_("time"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("what was said"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("communication log entry")
        verbose_name_plural = _("communication log")
        indexes = [
            # A form's log in order.
            models.Index(fields=["form", "happened_at", "id"], name="feedback_log_idx"),
        ]

    def __str__(self):
        return f"{self.form_id} {self.happened_at:%Y-%m-%d %H:%M}"


class FeedbackActionItem(models.Model):
    """An action item created from a form; the item itself lives in the one action-item
    table (`tasks`)."""

    form = models.ForeignKey(
        FeedbackForm, on_delete=models.CASCADE, related_name="action_item_links"
    )
    action_item = models.OneToOneField(
        "tasks.ActionItem", on_delete=models.CASCADE, related_name="feedback_link"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action item of a feedback form")
        verbose_name_plural = _("action items of feedback forms")

    def __str__(self):
        return f"{self.form_id} → {self.action_item_id}"
