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


def test_make_run_announces_itself_once_up_and_a_ctrl_c_ends_cleanly(app_dir):
    """`make run` in a terminal: the banner comes once the site answers and the worker is
    ready, links use the port served, and Ctrl-C (SIGINT to the foreground process group)
    stops everything without a `make: ***` error line."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "EMAIL_", "CROSSDESK_"))
    }
    env.update(CROSSDESK_VAR_DIR=str(app_dir / "var"), PYTHONUNBUFFERED="1")
    log_path = app_dir / "var" / "terminal.log"
    # -o: the shared .venv and catalogue are taken as up to date (nothing is installed).
    command = f"make -o .venv/.synced -o messages run PORT={port}"

    def default_signals():
        # A terminal's Ctrl-C reaches make: undo any SIGINT ignore inherited from the runner.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)

    def log():
        return log_path.read_text(errors="replace") if log_path.exists() else ""

    terminal = subprocess.Popen(
        ["script", "-qfec", command, str(log_path)],
        cwd=app_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=default_signals,
    )
    try:
        assert wait_until(lambda: "is up at" in log(), 300), log()[-4000:]
        assert status_of(f"http://127.0.0.1:{port}/healthz")[0] == 200
        mail = app_dir / "var" / "mail"
        assert wait_until(lambda: any(mail.iterdir()), 60), log()[-4000:]
        [make] = subprocess.run(
            ["pgrep", "-P", str(terminal.pid)], capture_output=True, text=True
        ).stdout.split()
        os.killpg(os.getpgid(int(make)), signal.SIGINT)
        terminal.wait(timeout=90)
    finally:
        if terminal.poll() is None:
            terminal.kill()
    output = log()
    banner = output.index(f"is up at http://127.0.0.1:{port}/")
    assert output.index("ready.") < banner  # below the worker's start-up output
    assert "crossdesk-demo" in output[banner:] and f"{port}/api/docs/" in output[banner:]
    assert "Crossdesk stopped." in output[banner:]
    assert "make: ***" not in output
    assert wait_until(lambda: status_of(f"http://127.0.0.1:{port}/healthz")[0] is None, 20)
    # seed_demo ran with the port too: the welcome emails link to the site really served.
    welcome = next(mail.iterdir()).read_text()
    assert f"http://127.0.0.1:{port}/" in welcome
