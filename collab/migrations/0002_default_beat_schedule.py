"""The periodic jobs Celery beat runs, kept in the database (django-celery-beat).

Administrators can change their intervals in the admin; this only creates them.
"""

from django.db import migrations

DEFAULT_SCHEDULE = [
    # (name, task, every N seconds)
    ("Re-send pending emails", "collab.sweep_pending_email_deliveries", 60),
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, seconds in DEFAULT_SCHEDULE:
        interval, _created = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _task, _seconds in DEFAULT_SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
