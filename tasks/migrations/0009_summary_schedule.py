"""The beat entries of the cards' scheduled mail: the weekly card summary and the monthly
risk report. Both jobs run hourly and send only what is due and not yet sent, so a missed
hour (or a beat that was down) costs a delay, never a message.

Administrators can change the intervals in the admin; this only creates them.
"""

from django.db import migrations

DEFAULT_SCHEDULE = [
    # (name, task, every N seconds)
    ("Weekly card summaries", "tasks.send_card_weekly_summaries", 3600),
    ("Monthly risk reports", "tasks.send_monthly_risk_reports", 3600),
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, seconds in DEFAULT_SCHEDULE:
        interval, _created = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [name for name, _task, _seconds in DEFAULT_SCHEDULE]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0008_reminder_indexes"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
