"""The verification code an uploaded PDF carries, read in a child process with hard limits.

A PDF is input for a parser that an attacker writes: a 1 MB file can inflate to gigabytes,
refer to itself in a loop, or be encrypted. The web process never parses one. A child
interpreter does, capped in address space, CPU time and wall-clock time, and answers one
line of JSON on stdout. This module is also that child's script: run as a file, it imports
nothing but the standard library and pypdf.
"""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys

PDF_KEYWORD_PREFIX = "crossdesk-verification:"

MEMORY_BYTES = 384 * 1024 * 1024
CPU_SECONDS = 3
WALL_CLOCK_SECONDS = 5

# Why the child refused a file; the verification service turns each into a message.
UNREADABLE = "unreadable"
ENCRYPTED = "encrypted"
TOO_COMPLEX = "too_complex"

TIMED_OUT = object()


class PdfRefused(ValueError):
    """The file cannot be inspected; `reason` is UNREADABLE, ENCRYPTED or TOO_COMPLEX."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _apply_limits() -> None:
    """Runs in the child between fork and exec: only async-signal-safe work here."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_limited(args: list[str], stdin: bytes):
    """Run `args` under the limits; the finished process, or TIMED_OUT (it was killed)."""
    try:
        return subprocess.run(  # noqa: S603 - our own interpreter and script, no shell
            args,
            input=stdin,
            capture_output=True,
            timeout=WALL_CLOCK_SECONDS,
            # Limits set between fork and exec bind the child before it reads a byte; Django
            # runs in single-threaded workers, where preexec_fn is safe.
            preexec_fn=_apply_limits,
            env={"LC_ALL": "C.UTF-8"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return TIMED_OUT


def verification_code_in(data: bytes) -> str | None:
    """The code in the PDF's metadata, or None. Raises PdfRefused."""
    outcome = run_limited([sys.executable, "-I", __file__], data)
    if outcome is TIMED_OUT or outcome.returncode != 0:
        # Killed by a limit, or out of memory before it could answer.
        raise PdfRefused(TOO_COMPLEX)
    try:
        answer = json.loads(outcome.stdout)
    except ValueError:
        raise PdfRefused(UNREADABLE) from None
    if answer.get("refused"):
        raise PdfRefused(answer["refused"])
    return answer.get("code")


def _inspect(data: bytes) -> dict:
    """In the child: read only the trailer and the metadata; no page is ever decoded."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return {"refused": ENCRYPTED}
        keywords = str((reader.metadata or {}).get("/Keywords", ""))
    except (LimitReachedError, MemoryError):
        return {"refused": TOO_COMPLEX}
    except Exception:  # pypdf fails in many ways on hostile input; each means "unreadable"
        return {"refused": UNREADABLE}
    for keyword in keywords.replace(",", " ").split():
        if keyword.startswith(PDF_KEYWORD_PREFIX):
            return {"code": keyword.removeprefix(PDF_KEYWORD_PREFIX)}
    return {"code": None}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_inspect(sys.stdin.buffer.read())))
