"""`make run`'s processes under supervisord (supervisord.conf), started in a temporary folder:
gunicorn serves with DEBUG off, a killed process comes back while the others keep serving,
and an interrupt (Ctrl-C) stops everything."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

ROOT = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


@pytest.fixture
def app_dir(tmp_path):
    """The checkout seen through symlinks, so supervisord's %(here)s and var/ are temporary."""
    app = tmp_path / "app"
    app.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in {"var", "supervisord.conf"}:
            (app / entry.name).symlink_to(entry)
    (app / "supervisord.conf").write_text((ROOT / "supervisord.conf").read_text())
    (app / "var" / "log").mkdir(parents=True)
    return app


def test_run_serves_restarts_what_dies_and_stops_on_interrupt(app_dir):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "EMAIL_"))
    }
    env.update(CROSSDESK_VAR_DIR=str(app_dir / "var"), CROSSDESK_PORT=str(port))
    python = str(ROOT / ".venv" / "bin" / "python")
    migrate = subprocess.run(
        [python, "manage.py", "migrate", "-v0"],
        cwd=app_dir,
        env={**env, "DJANGO_SETTINGS_MODULE": "collab.settings.local"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    conf = str(app_dir / "supervisord.conf")
    log_path = app_dir / "var" / "run.log"

    def ctl(*args):
        return subprocess.run(
            [str(ROOT / ".venv" / "bin" / "supervisorctl"), "-c", conf, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()

    def log():
        return log_path.read_text()[-4000:]

    with log_path.open("w") as log_file:
        supervisor = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "supervisord"), "-c", conf],
            cwd=app_dir,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: status_of(f"{base}/healthz")[0] == 200, 60), log()
        # gunicorn with DEBUG off: a plain 404 page, and the key generated into var/.
        code, page = status_of(f"{base}/no-such-page/")
        assert code == 404 and "URLconf" not in page
        assert (app_dir / "var" / "secret_key").stat().st_mode & 0o077 == 0
        assert wait_until(lambda: ctl("status", "worker").split()[1] == "RUNNING", 30), log()

        worker_pid = int(ctl("pid", "worker"))
        os.kill(worker_pid, signal.SIGKILL)
        assert wait_until(
            lambda: (
                ctl("pid", "worker") not in {"0", str(worker_pid)}
                and ctl("status", "worker").split()[1] == "RUNNING"
            ),
            30,
        ), log()
        assert status_of(f"{base}/healthz")[0] == 200
        assert status_of(f"{base}/accounts/login/")[0] == 200

        web_pid = int(ctl("pid", "web"))
        os.kill(web_pid, signal.SIGKILL)
        assert wait_until(lambda: ctl("pid", "web") not in {"0", str(web_pid)}, 30), log()
        assert wait_until(lambda: status_of(f"{base}/healthz")[0] == 200, 30), log()
        children = [int(ctl("pid", name)) for name in ("web", "worker", "beat")]
    finally:
        supervisor.send_signal(signal.SIGINT)
        try:
            supervisor.wait(timeout=60)
        finally:
            if supervisor.poll() is None:
                os.killpg(supervisor.pid, signal.SIGKILL)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists(), log()
    # Workers of the killed web master may serve until they notice it is gone (<= 15 s).
    assert wait_until(lambda: status_of(f"{base}/healthz")[0] is None, 20)
