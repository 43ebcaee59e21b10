"""`make run`'s embedded database is SQLite while the tests run on PostgreSQL: every sweep's
and digest's SQL must also compile and run there (an interval multiplied by a column, say,
does not). Migrates a fresh SQLite file and previews the reminders and the digests at a
working-day morning, in a separate process with the embedded settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_sweep_and_the_digest_run_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collab.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "memory://",
        "DJANGO_SECRET_KEY": "embedded-sweep-test",
    }
    migrated = manage("migrate", "--verbosity", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    reminders = manage("reminders", "preview", "--at", "2026-12-01 09:30", env=env)
    assert reminders.returncode == 0, reminders.stderr
    assert "nothing is due" in reminders.stdout
    digests = manage("digests", "preview", "--at", "2026-11-30 09:30", env=env)
    assert digests.returncode == 0, digests.stderr
    swept = manage("reminders", "run", env=env)
    assert swept.returncode == 0, swept.stderr
    assert "sent 0 reminders" in swept.stdout
