"""Production settings, migrations and the demo data, checked as a deployer would run them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from collab.models import Department, User

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "collab.settings.production",
    "DJANGO_SECRET_KEY": "p" * 20 + "roduction-secret-for-the-deploy-check-0123456789",
    "DJANGO_ALLOWED_HOSTS": "crossdesk.example.com",
}


def manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    if missing == "REDIS_URL":  # the test harness sets it; an empty value is unset
        env |= {"REDIS_URL": "", "CACHE_URL": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr
    assert "Traceback" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_production_refuses_a_weak_secret_key():
    result = manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50" in result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete(capsys):
    call_command("seed_demo")
    counts = (Department.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Department.objects.count(), User.objects.count()) == counts
    assert counts[0] == 10
    finance = Department.objects.get(code="FIN")
    assert (finance.name_en, finance.name_zh) == ("Finance", "财务部")
    assert finance.head and finance.executive and finance.contacts.exists()
    assert finance.members.count() >= 2
    assert all(d.head_id and d.executive_id for d in Department.objects.all())
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="mkt.head").check_password("crossdesk-demo")
    assert "crossdesk-demo" in capsys.readouterr().out


@pytest.mark.django_db
def test_history_records_who_changed_a_department(client, department):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/collab/department/{department.pk}/change/",
        {
            "code": "FIN",
            "name_en": "Finance & Accounting",
            "name_zh": "财务部",
            "head": department.head_id,
            "executive": department.executive_id,
            "contacts": list(department.contacts.values_list("pk", flat=True)),
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = department.history.first()
    assert latest.name_en == "Finance & Accounting"
    assert latest.history_user == admin
