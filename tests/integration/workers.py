"""Helpers for the tests that run a real Celery worker (fixtures in conftest.py)."""

import email
import time


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def sent_messages(mail_dir):
    """Every message the file backend wrote to `mail_dir`, in file order."""
    if not mail_dir.exists():
        return []
    return [
        email.message_from_bytes(part.encode())
        for path in sorted(mail_dir.iterdir())
        for part in path.read_text().split("-" * 79 + "\n")
        if part.strip()
    ]
