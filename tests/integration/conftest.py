"""A real Celery worker in its own process, on Redis, against the test database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def worker_log(tmp_path):
    return tmp_path / "worker.log"


@pytest.fixture
def worker_env(mail_dir):
    """The environment of a process that works on the test database (worker, manage.py)."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collab.settings.test",
        # The test database, which these tests commit to (transaction=True).
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    assert env["CELERY_BROKER_URL"].startswith("redis://")
    return env


@pytest.fixture
def start_worker(worker_env, worker_log):
    """Returns start(**env): starts a worker (extra environment variables in `env`) and
    returns its process; every worker still running is stopped after the test."""
    processes = []
    log = worker_log.open("a")

    def start(**env):
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "collab",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--hostname=test@%h",
            ],
            env={**worker_env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)
    log.close()
