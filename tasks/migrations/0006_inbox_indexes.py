from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0005_item_withdrawal"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="delaynotice",
            index=models.Index(
                condition=models.Q(("acknowledged_at__isnull", True)),
                fields=["action_item"],
                name="delay_notice_waiting_idx",
            ),
        ),
    ]
