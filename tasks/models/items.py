"""Action items (待办事项), DESIGN.md 2.2: the one table of to-dos, and delay notices."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .cards import Card, Priority


class ActionItem(models.Model):
    """The one table of tracked to-dos, whatever produced them (责任到人: always a person)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DELAYED = "delayed", _("delayed")
        CANCELLED = "cancelled", pgettext_lazy("action item", "cancelled")

    class Origin(models.TextChoices):
        CARD = "card", _("task card")
        MEETING = "meeting", _("meeting minutes")
        FEEDBACK = "feedback", _("feedback form")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DELAYED)

    title = models.CharField(_("title"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"))
    original_due_date = models.DateField(_("original due date"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    depends_on = models.ManyToManyField(
        "self",
        verbose_name=_("depends on"),
        symmetrical=False,
        blank=True,
        related_name="blocks",
    )
    card = models.ForeignKey(
        Card,
        verbose_name=_("card"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="action_items",
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.CARD
    )
    origin_reference = models.CharField(_("origin reference"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    output_link = models.URLField(_("output link"), blank=True)
    output_file = models.FileField(_("output file"), upload_to="action-items/", blank=True)
    done_override_reason = models.TextField(
        _("reason for closing with open dependencies"), blank=True
    )
    # Once its card was sent for confirmation an item is never deleted: it is cancelled.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    # An occurrence of a repeating item (tasks.models.recurrence): the day the rule gave it.
    recurrence = models.ForeignKey(
        "tasks.ItemRecurrence",
        verbose_name=_("repetition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="occurrences",
        db_index=False,  # action_item_recurrence_idx leads with it
    )
    occurrence_date = models.DateField(_("occurrence date"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[depends_on])

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="action_item_percent_range"
            ),
        ]
        indexes = [
            # An owner's items by due date: `?owner=` in the API, "My action items".
            models.Index(fields=["owner", "due_date", "id"], name="action_item_owner_idx"),
            # My department's items.
            models.Index(fields=["department", "status", "due_date"], name="action_item_dept_idx"),
            # A card's items.
            models.Index(fields=["card", "status"], name="action_item_card_idx"),
            # The item list's default order (due date, then id) and overdue sweeps.
            models.Index(fields=["due_date", "id"], name="action_item_due_idx"),
            # A series' occurrences in order (item page, API detail, stopping a series).
            models.Index(
                fields=["recurrence", "occurrence_date"],
                condition=Q(recurrence__isnull=False),
                name="action_item_recurrence_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class DelayNotice(models.Model):
    """The owner explains a delay (延期说明); the due date moves only when acknowledged."""

    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("action item"),
        on_delete=models.CASCADE,
        related_name="delay_notices",
    )
    reason = models.TextField(_("reason"))
    new_due_date = models.DateField(_("new expected date"))
    previous_due_date = models.DateField(_("due date when filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    is_late = models.BooleanField(
        _("filed late"),
        default=False,
        help_text=_("Filed less than 1 working day before the due date."),
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delay notice")
        verbose_name_plural = _("delay notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_date__gt=F("previous_due_date")),
                name="delay_notice_moves_later",
            ),
        ]
        indexes = [
            # Notices waiting to be acknowledged: the inbox of the card's lead and tracker,
            # and the "pending notice" flag of every item row (selectors.action_item_list).
            models.Index(
                fields=["action_item"],
                condition=Q(acknowledged_at__isnull=True),
                name="delay_notice_waiting_idx",
            ),
        ]

    def __str__(self):
        return f"{self.action_item_id}: {self.previous_due_date} → {self.new_due_date}"
