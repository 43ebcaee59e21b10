"""A partial index on open action items' due dates: the reminder sweep reads only those,
a few percent of a table where most items are long done."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0007_item_recurrence"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                condition=models.Q(status__in=["not_started", "in_progress", "delayed"]),
                fields=["due_date", "id"],
                name="action_item_open_due_idx",
            ),
        ),
    ]
