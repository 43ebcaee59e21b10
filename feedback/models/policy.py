"""The SLA policy (DESIGN.md 2.4): how soon each urgency must be answered and followed up."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("urgency", "normal")
    URGENT = "urgent", pgettext_lazy("urgency", "urgent")
    CRITICAL = "critical", pgettext_lazy("urgency", "critical")


class SlaPolicy(models.Model):
    """One row per urgency, edited by administrators; a form copies its deadlines when
    filed (and when reopened), so a later change never moves a promise already made."""

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        HOURS = "hours", _("clock hours")

    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, unique=True)
    response_within = models.PositiveSmallIntegerField(
        _("respond within"), validators=[MinValueValidator(1)]
    )
    response_unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    follow_up_every_hours = models.PositiveSmallIntegerField(
        _("follow up every (hours)"),
        validators=[MinValueValidator(1)],
        help_text=_("How often the receiving side reports progress: 24 means daily."),
    )
    due_soon_percent = models.PositiveSmallIntegerField(
        _("due soon in the last (%)"),
        default=25,
        validators=[MinValueValidator(1)],
        help_text=_("A form is due soon once this share of its response window is left."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(response_within__gte=1), name="sla_response_positive"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_every_hours__gte=1), name="sla_follow_up_positive"
            ),
            models.CheckConstraint(
                condition=Q(due_soon_percent__gte=1) & Q(due_soon_percent__lte=100),
                name="sla_due_soon_percent_range",
            ),
        ]

    def __str__(self):
        return str(self.get_urgency_display())


# The process document's defaults; the data migration writes them and tests read them.
DEFAULT_POLICIES = {
    Urgency.NORMAL: (3, SlaPolicy.Unit.WORKING_DAYS, 24),
    Urgency.URGENT: (24, SlaPolicy.Unit.HOURS, 4),
    Urgency.CRITICAL: (4, SlaPolicy.Unit.HOURS, 1),
}
