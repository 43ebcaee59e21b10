# Partial indexes for the reminder sweeps (feedback/reminders.py): forms awaiting their
# first response, and forms being worked on (the follow-up cadence), walked by pk.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_default_sla_policies"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="feedbackform",
            index=models.Index(
                condition=models.Q(("first_response_at__isnull", True), ("status", "submitted")),
                fields=["id"],
                name="feedback_awaiting_first_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="feedbackform",
            index=models.Index(
                condition=models.Q(("status__in", ["acknowledged", "in_progress"])),
                fields=["id"],
                name="feedback_in_progress_idx",
            ),
        ),
    ]
