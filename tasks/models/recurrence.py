"""Recurring action items (issue 13): a series whose occurrences are ordinary action items."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from collab.models import Weekday

# More than a working year of daily occurrences is a mistake, not a plan.
MAX_OCCURRENCES = 400


class ItemRecurrence(models.Model):
    """How an action item repeats until `until`. Each occurrence is an `ActionItem` row
    (`ActionItem.recurrence`), so it has its own due date, status, done mark and reminders,
    and every list, figure and permission counts it like any other item."""

    class Rule(models.TextChoices):
        WEEKLY = "weekly", _("weekly on a weekday")
        DAILY = "daily", _("every working day")
        EVERY_N = "every_n", _("every N working days")

    Weekday = Weekday  # the company's one list of weekdays (Monday = 0)

    rule = models.CharField(_("repeats"), max_length=10, choices=Rule.choices)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    every = models.PositiveSmallIntegerField(_("every N working days"), null=True, blank=True)
    until = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stopped by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repetition of an action item")
        verbose_name_plural = _("repetitions of action items")
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="weekly") | Q(weekday__gte=0, weekday__lte=6),
                name="item_recurrence_weekday",
            ),
            models.CheckConstraint(
                condition=~Q(rule="every_n") | Q(every__gte=1),
                name="item_recurrence_every",
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} → {self.until}"
