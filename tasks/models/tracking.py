"""A card's progress updates and risk register."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .cards import Card


class ProgressUpdate(models.Model):
    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done = models.TextField(_("what was done"))
    problems = models.TextField(_("problems"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="progress_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.percent}%"


class Risk(models.Model):
    """A risk raised on a card; it needs a coordination decision within 24 hours."""

    class Level(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting coordination")
        COORDINATED = "coordinated", _("coordinated")
        CLOSED = "closed", pgettext_lazy("risk", "closed")

    card = models.ForeignKey(
        Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="risks"
    )
    description = models.TextField(_("description"))
    impact = models.CharField(_("impact"), max_length=10, choices=Level.choices)
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Level.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_risks",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    decision_due_at = models.DateTimeField(_("decision due"))
    solution = models.TextField(_("solution"), blank=True)
    responsible_department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    coordinated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    coordinated_at = models.DateTimeField(_("coordinated at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        indexes = [
            # Sweeps for risks past their coordination deadline.
            models.Index(
                fields=["decision_due_at"], condition=Q(status="open"), name="risk_open_due_idx"
            ),
        ]

    def __str__(self):
        return self.description[:60]
