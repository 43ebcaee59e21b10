"""The old one-per-person DRF tokens gave way to personal API tokens (ApiToken). Their table,
left behind in databases made before, still points at users and would block deleting one."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("collab", "0004_apitoken")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop)
    ]
