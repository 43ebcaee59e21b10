"""Task cards (跨部门协作任务管理卡), DESIGN.md 2.1: the card, its departments and milestones,
its change requests and acceptance."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


# "Ordered by priority" means high first: order by rank, not by the stored word. Lists and
# the index that serves them use this one expression.
PRIORITY_RANK = Case(
    When(priority=Priority.HIGH, then=Value(0)),
    When(priority=Priority.MEDIUM, then=Value(1)),
    default=Value(2),
    output_field=models.IntegerField(),
)


class CardCodeSequence(models.Model):
    """The last card number used in a year; locked while a code is taken, so codes are
    gap-free (a rolled-back creation rolls the number back too) and never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Card(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("project")
        PROCESS = "process", _("process optimisation")
        PROBLEM = "problem", _("problem solving")
        RESOURCES = "resources", _("resource coordination")
        AD_HOC = "ad_hoc", _("ad hoc")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("card status", "draft")
        CONFIRMING = "confirming", pgettext_lazy("card status", "confirming")
        SIGNING = "signing", pgettext_lazy("card status", "signing")
        ACTIVE = "active", pgettext_lazy("card status", "active")
        IN_ACCEPTANCE = "in_acceptance", pgettext_lazy("card status", "in acceptance")
        CLOSED = "closed", pgettext_lazy("card status", "closed")
        CANCELLED = "cancelled", pgettext_lazy("card status", "cancelled")

    class Cadence(models.TextChoices):
        DAILY = "daily", _("daily stand-up")
        WEEKLY = "weekly", _("weekly")
        BIWEEKLY = "biweekly", _("every two weeks")
        MONTHLY = "monthly", _("monthly")
        AS_NEEDED = "as_needed", _("as needed")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        PHONE = "phone", _("phone")
        MIXED = "mixed", _("mixed")

    class Currency(models.TextChoices):
        CNY = "CNY", "CNY ¥"
        USD = "USD", "USD $"
        EUR = "EUR", "EUR €"
        HKD = "HKD", "HKD $"
        JPY = "JPY", "JPY ¥"
        GBP = "GBP", "GBP £"

    OPEN_STATUSES = (
        Status.DRAFT,
        Status.CONFIRMING,
        Status.SIGNING,
        Status.ACTIVE,
        Status.IN_ACCEPTANCE,
    )

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    initiating_department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("initiating department"),
        on_delete=models.PROTECT,
        related_name="initiated_cards",
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiator"),
        on_delete=models.PROTECT,
        related_name="initiated_cards",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("task lead"),
        on_delete=models.PROTECT,
        related_name="led_cards",
    )
    tracker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tracker"),
        on_delete=models.PROTECT,
        related_name="tracked_cards",
    )
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Why this work is needed now: the situation that calls for it."),
    )
    goal = models.TextField(_("goal"), help_text=_("Quantified where possible."))
    key_results = models.JSONField(_("key results"), default=list, blank=True)
    in_scope = models.TextField(_("in scope"))
    out_of_scope = models.TextField(_("out of scope"), blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    budget_amount = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    people_needed = models.TextField(_("people needed"), blank=True)
    equipment_needed = models.TextField(_("equipment needed"), blank=True)
    meeting_cadence = models.CharField(
        _("meeting cadence"), max_length=20, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    meeting_channel = models.CharField(
        _("meeting channel"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the people named on the card can see it."),
    )
    acceptance_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptance by (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards_to_accept",
    )
    acceptance_department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("acceptance by (head of department)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cards_to_accept",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent for confirmation at"), null=True, blank=True)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    successes = models.TextField(_("successes"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    improvements = models.TextField(_("improvements"), blank=True)
    retrospective_pdf = models.FileField(
        _("retrospective report"), upload_to="cards/retrospectives/", blank=True
    )
    history = HistoricalRecords(excluded_fields=["retrospective_pdf"])

    class Meta:
        verbose_name = _("task card")
        verbose_name_plural = _("task cards")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")), name="card_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="card_budget_not_negative",
            ),
        ]
        indexes = [
            # The card list in its default order, newest first (a page reads 25 entries).
            models.Index(fields=["-created_at", "-id"], name="card_created_idx"),
            # The card list filtered by status, newest first.
            models.Index(fields=["status", "-created_at", "-id"], name="card_status_idx"),
            # The card list ordered by priority, high first (`ordering=priority`).
            models.Index(PRIORITY_RANK, F("id"), name="card_priority_idx"),
            # Overdue cards (open, past the planned end) and `ordering=planned_end`.
            models.Index(fields=["planned_end", "id"], name="card_planned_end_idx"),
            # Filter by initiating department.
            models.Index(fields=["initiating_department", "status"], name="card_initiating_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class CardDepartment(models.Model):
    """A department taking part in a card, its responsibilities and its confirmation."""

    class Role(models.TextChoices):
        EXECUTOR = "executor", _("executor")
        RESOURCES = "resources", _("resource provider")
        SUPPORT = "support", _("support")
        DECISION = "decision", _("decision maker")

    class Confirmation(models.TextChoices):
        NOT_ASKED = "not_asked", _("not asked yet")
        PENDING = "pending", pgettext_lazy("confirmation", "pending")
        CONFIRMED = "confirmed", _("confirmed")
        OBJECTED = "objected", _("objected")

    class Topic(models.TextChoices):
        """What an objection is about, so that it shows beside that part of the card."""

        GOAL = "goal", _("goal and key results")
        SCOPE = "scope", _("scope")
        DATES = "dates", _("dates and milestones")
        RESPONSIBILITIES = "responsibilities", _("our responsibilities")
        RESOURCES = "resources", _("resources")
        OTHER = "other", _("other")

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="departments"
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="card_participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EXECUTOR)
    responsibilities = models.TextField(
        _("responsibilities"),
        help_text=_(
            "Position + action + delivery standard, e.g. “Finance analyst approves "
            "the budget within 3 days, in writing”."
        ),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="card_contacts",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    confirmation = models.CharField(
        _("confirmation"),
        max_length=12,
        choices=Confirmation.choices,
        default=Confirmation.NOT_ASKED,
    )
    requested_at = models.DateTimeField(_("asked at"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    objection_topic = models.CharField(
        _("objection concerns"), max_length=20, choices=Topic.choices, blank=True
    )
    objection = models.TextField(_("objection"), blank=True)
    proposed_change = models.TextField(_("proposed change"), blank=True)
    confirmed_hash = models.CharField(_("confirmed content"), max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participating department")
        verbose_name_plural = _("participating departments")
        constraints = [
            models.UniqueConstraint(fields=["card", "department"], name="card_department_once"),
        ]
        indexes = [
            # The confirmation queue: a department's pending answers.
            models.Index(fields=["department", "confirmation"], name="card_dept_queue_idx"),
            # The reminder sweep: answers still pending, by when they are due.
            models.Index(
                fields=["due_at"],
                condition=Q(confirmation="pending"),
                name="card_dept_pending_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.card.code if self.card_id else '?'} {self.department_id}"


class Milestone(models.Model):
    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("name"), max_length=200)
    due_date = models.DateField(_("due date"))
    buffer_days = models.PositiveSmallIntegerField(
        _("buffer days"), default=0, validators=[MaxValueValidator(365)]
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.name


class ChangeRequest(models.Model):
    """A change to a signed card's goal, scope, departments or dates: re-confirmed, re-signed."""

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self):
        return f"{self.card_id} {self.requested_at:%Y-%m-%d}"


class AcceptanceSubmission(models.Model):
    """The lead's deliverables, for the acceptance party to accept or reject in 3 working days."""

    class Decision(models.TextChoices):
        PENDING = "pending", pgettext_lazy("acceptance", "pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", pgettext_lazy("acceptance", "rejected")

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="acceptances"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    due_at = models.DateTimeField(_("decision due"))
    deliverables = models.ManyToManyField(
        "tasks.ActionItem", verbose_name=_("deliverables"), related_name="acceptances"
    )
    note = models.TextField(_("deliverables list"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acceptance submission")
        verbose_name_plural = _("acceptance submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["card"],
                condition=Q(decision="pending"),
                name="acceptance_one_pending_per_card",
            ),
        ]
        indexes = [
            # The reminder sweep: decisions still pending, by when they are due.
            models.Index(
                fields=["due_at"],
                condition=Q(decision="pending"),
                name="acceptance_pending_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.card_id} {self.submitted_at:%Y-%m-%d}"
