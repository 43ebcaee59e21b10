"""Reminder rules: when each deadline kind reminds whom, and when it escalates.

One row per (kind, step), seeded by a data migration with the process manual's table
(collab.reminders.defaults) and editable by administrators. The engine
(collab.reminders) reads the enabled rows once per sweep.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderRule(models.Model):
    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        BUSINESS_HOURS = "business_hours", _("business hours")
        HOURS = "hours", _("hours")
        PERCENT = "percent", _("percent of the window")

    class Anchor(models.TextChoices):
        BEFORE_DEADLINE = "before_deadline", _("before the deadline")
        AFTER_DEADLINE = "after_deadline", _("after the deadline")
        AFTER_START = "after_start", _("after the request")

    kind = models.CharField(_("deadline kind"), max_length=40)
    step = models.CharField(_("step"), max_length=40)
    offset = models.PositiveIntegerField(_("offset"), validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    anchor = models.CharField(_("counted from"), max_length=20, choices=Anchor.choices)
    repeat_every = models.PositiveIntegerField(
        _("repeat every"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("In the same unit; 0 sends it once. Repeats while the deadline is open."),
    )
    is_escalation = models.BooleanField(_("escalation"), default=False)
    is_low_priority = models.BooleanField(
        _("low priority"),
        default=False,
        help_text=_("People may opt out of low-priority reminders; never of escalations."),
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "step"], name="reminder_rule_kind_step"),
            models.CheckConstraint(
                condition=Q(offset__gte=0) & Q(repeat_every__gte=0),
                name="reminder_rule_offsets_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(is_escalation=True, is_low_priority=True),
                name="reminder_rule_escalation_not_low_priority",
            ),
        ]

    def __str__(self):
        return f"{self.kind} · {self.step}"

    def clean(self):
        errors = {}
        if self.unit == self.Unit.PERCENT and self.anchor != self.Anchor.AFTER_START:
            errors["unit"] = _("A percentage counts from the request: choose “after the request”.")
        if self.unit == self.Unit.PERCENT and self.repeat_every:
            errors["repeat_every"] = _("A percentage of the window cannot repeat.")
        if self.is_escalation and self.is_low_priority:
            errors["is_low_priority"] = _("An escalation cannot be low priority.")
        if errors:
            raise ValidationError(errors)
