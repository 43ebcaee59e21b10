"""The embedded default's settings (`make run`): DEBUG off, a secret key generated once."""

import os
import stat
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from collab.settings.secret_file import secret_key_from_file

ROOT = Path(settings.BASE_DIR)


def test_the_key_is_generated_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "secret_key"
    key = secret_key_from_file(path)
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_from_file(path) == key
    assert secret_key_from_file(tmp_path / "other" / "secret_key") != key
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no temporary file left


def test_processes_starting_together_agree_on_one_key(tmp_path):
    path = tmp_path / "secret_key"
    with ProcessPoolExecutor(max_workers=6) as pool:
        keys = set(pool.map(secret_key_from_file, [path] * 24))
    assert keys == {path.read_text().strip()}


def test_a_damaged_key_file_is_refused(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("short")
    with pytest.raises(ImproperlyConfigured, match="no usable secret key"):
        secret_key_from_file(path)


def local_settings(tmp_path, **extra):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(settings.DEBUG, settings.SECRET_KEY, sep='\\n')",
        ],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "collab.settings.local",
            "CROSSDESK_VAR_DIR": str(tmp_path),
            **extra,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    debug, key = result.stdout.split()
    return debug, key


def test_make_run_settings_have_debug_off_and_the_generated_key(tmp_path):
    debug, key = local_settings(tmp_path)
    assert debug == "False"
    assert key == (tmp_path / "secret_key").read_text().strip()
    assert key != "local-development-only-not-secret"
    assert local_settings(tmp_path) == (debug, key)


def test_make_dev_turns_debug_on(tmp_path):
    assert local_settings(tmp_path, DJANGO_DEBUG="true")[0] == "True"
