"""The weekly digest: the index its hourly job selects on, and that job in Celery beat.

The job runs every hour; each person's digest goes out at the first run in or after their
day and hour (their time zone), once per ISO week (collab.services.digests).
"""

from django.db import migrations, models

DEFAULT_SCHEDULE = [
    # (name, task, every N seconds)
    ("Send the weekly digests", "collab.send_weekly_digests", 3600),
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, seconds in DEFAULT_SCHEDULE:
        interval, _created = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(
        name__in=[name for name, _task, _seconds in DEFAULT_SCHEDULE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0013_reminder_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                fields=["digest_weekday", "digest_hour"], name="user_digest_moment_idx"
            ),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
