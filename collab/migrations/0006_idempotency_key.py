"""Idempotency keys for API create requests (see collab.models.idempotency); personal API
tokens made to work until revoked now expire, after the default lifetime from today."""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def expire_permanent_tokens(apps, schema_editor):
    ApiToken = apps.get_model("collab", "ApiToken")
    expiry = timezone.now() + dt.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    ApiToken.objects.filter(expiry__isnull=True).update(expiry=expiry)


class Migration(migrations.Migration):
    dependencies = [
        ("collab", "0005_drop_old_authtoken_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IdempotencyKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=255, verbose_name="key")),
                (
                    "request_fingerprint",
                    models.CharField(max_length=64, verbose_name="request fingerprint"),
                ),
                (
                    "response_status",
                    models.PositiveSmallIntegerField(null=True, verbose_name="response status"),
                ),
                ("response_body", models.JSONField(null=True, verbose_name="response body")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "idempotency key",
                "verbose_name_plural": "idempotency keys",
                "indexes": [
                    models.Index(fields=["created_at"], name="idempotency_key_created_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "key"), name="idempotency_key_once_per_user"
                    )
                ],
            },
        ),
        migrations.RunPython(expire_permanent_tokens, migrations.RunPython.noop),
    ]
