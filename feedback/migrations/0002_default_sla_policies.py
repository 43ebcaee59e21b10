"""The process document's SLA defaults (normal: 3 working days / daily; urgent: 24 hours /
every 4 hours; critical: 4 hours / every hour), editable afterwards in the admin."""

from django.db import migrations

DEFAULTS = {
    "normal": (3, "working_days", 24),
    "urgent": (24, "hours", 4),
    "critical": (4, "hours", 1),
}


def create_defaults(apps, schema_editor):
    SlaPolicy = apps.get_model("feedback", "SlaPolicy")
    for urgency, (within, unit, follow_up) in DEFAULTS.items():
        SlaPolicy.objects.get_or_create(
            urgency=urgency,
            defaults={
                "response_within": within,
                "response_unit": unit,
                "follow_up_every_hours": follow_up,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
