# The process manual's reminder table (issue: reminders, escalations and digests) as
# editable rows, and the beat entries of the sweeps that apply them.

from django.db import migrations, models
import django.core.validators

WD, BH, H, PCT = "working_days", "business_hours", "hours", "percent"
BEFORE, AFTER, START = "before_deadline", "after_deadline", "after_start"

# (kind, step, offset, unit, counted from, repeat every, escalation, low priority)
DEFAULT_RULES = [
    ("action_item", "before", 1, WD, BEFORE, 0, False, True),
    ("action_item", "due_day", 0, WD, BEFORE, 0, False, False),
    ("action_item", "overdue", 0, WD, AFTER, 1, False, False),
    ("action_item", "escalate_head", 1, WD, AFTER, 0, True, False),
    ("action_item", "escalate_lead_executive", 3, WD, AFTER, 0, True, False),
    ("delay_notice", "lead", 4, BH, START, 0, False, False),
    ("delay_notice", "escalate_head", 1, WD, START, 0, True, False),
    ("card_confirmation", "contact", 1, WD, BEFORE, 0, False, False),
    ("card_confirmation", "head", 4, H, BEFORE, 0, False, False),
    ("card_confirmation", "escalate", 0, H, AFTER, 0, True, False),
    ("signature", "daily", 1, WD, START, 1, False, False),
    ("signature", "escalate_executive", 2, WD, AFTER, 0, True, False),
    ("acceptance", "party", 1, WD, BEFORE, 0, False, False),
    ("acceptance", "escalate_executive", 0, H, AFTER, 0, True, False),
    ("risk", "lead", 4, H, BEFORE, 0, False, False),
    ("risk", "escalate_head", 0, H, AFTER, 0, True, False),
    ("minutes", "recorder", 50, PCT, START, 0, False, False),
    ("minutes", "escalate_host", 0, H, AFTER, 0, True, False),
    ("minutes", "escalate_host_head", 1, WD, AFTER, 0, True, False),
    ("feedback_response", "half", 50, PCT, START, 0, False, False),
    ("feedback_response", "ninety", 90, PCT, START, 0, False, False),
    ("feedback_response", "escalate_head", 0, H, AFTER, 0, True, False),
    ("feedback_response", "escalate_executive", 200, PCT, START, 0, True, False),
    ("feedback_follow_up", "contact", 0, H, AFTER, 0, False, False),
]

BEAT = [
    # (name, task, args, every N seconds)
    ("Reminders: hour-scale deadlines", "collab.sweep_reminders", '["frequent"]', 60),
    ("Reminders: other deadlines", "collab.sweep_reminders", '["regular"]', 300),
]


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("collab", "ReminderRule")
    for kind, step, offset, unit, anchor, repeat, escalation, low in DEFAULT_RULES:
        ReminderRule.objects.get_or_create(
            kind=kind,
            step=step,
            defaults={
                "offset": offset,
                "unit": unit,
                "anchor": anchor,
                "repeat_every": repeat,
                "is_escalation": escalation,
                "is_low_priority": low,
            },
        )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, args, seconds in BEAT:
        interval, _created = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "args": args, "interval": interval}
        )


def remove_rules(apps, schema_editor):
    apps.get_model("collab", "ReminderRule").objects.all().delete()
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, _task, _args, _seconds in BEAT]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0012_reminder_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReminderRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40, verbose_name="deadline kind")),
                ("step", models.CharField(max_length=40, verbose_name="step")),
                (
                    "offset",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="offset",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("working_days", "working days"),
                            ("business_hours", "business hours"),
                            ("hours", "hours"),
                            ("percent", "percent of the window"),
                        ],
                        max_length=20,
                        verbose_name="unit",
                    ),
                ),
                (
                    "anchor",
                    models.CharField(
                        choices=[
                            ("before_deadline", "before the deadline"),
                            ("after_deadline", "after the deadline"),
                            ("after_start", "after the request"),
                        ],
                        max_length=20,
                        verbose_name="counted from",
                    ),
                ),
                (
                    "repeat_every",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="In the same unit; 0 sends it once. Repeats while the deadline is open.",
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="repeat every",
                    ),
                ),
                ("is_escalation", models.BooleanField(default=False, verbose_name="escalation")),
                (
                    "is_low_priority",
                    models.BooleanField(
                        default=False,
                        help_text="People may opt out of low-priority reminders; never of escalations.",
                        verbose_name="low priority",
                    ),
                ),
                ("is_enabled", models.BooleanField(default=True, verbose_name="enabled")),
            ],
            options={
                "verbose_name": "reminder rule",
                "verbose_name_plural": "reminder rules",
                "ordering": ["kind", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "step"), name="reminder_rule_kind_step"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("offset__gte", 0), ("repeat_every__gte", 0)),
                        name="reminder_rule_offsets_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("is_escalation", True), ("is_low_priority", True), _negated=True
                        ),
                        name="reminder_rule_escalation_not_low_priority",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_rules, remove_rules),
    ]
