"""Serve Crossdesk at scale and measure it: req/s and latency per endpoint, SQL per request.

Run through benchmarks/run-scale (it starts PostgreSQL and Redis, then this script):

    benchmarks/run-scale --cards 100000 --items 1000000 --users 20000

This script creates the database, migrates, loads `seed_scale`, starts gunicorn with the
production settings (2 sync workers, persistent connections), warms each endpoint, loads
it with wrk (16 connections), measures the SQL of one request alone in-process, and writes
a Markdown table to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LUA = """
wrk.headers["Authorization"] = os.getenv("BENCH_AUTHORIZATION")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.timeout,
    summary.requests))
end
"""
SECRET = "benchmark-only-" + "x7Qp2Lm9Rt4Vw8Zk3Yh6Nb1Jc5Fd0Gs" * 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


SETUP = """
import json
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from collab.models import User
from collab import services
from tasks.models import ActionItem, Card
from tasks.permissions import cards_visible_to

reader = User.objects.get(username="scale.u00050")
session = SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.create()
_token, secret = services.api_token_create(by=reader, name="benchmark")
card = cards_visible_to(reader).filter(status="active").order_by("-created_at").first()
item = ActionItem.objects.filter(card=card).order_by("pk").first()
owner = User.objects.filter(department=reader.department).exclude(pk=reader.pk).order_by("pk")[5]
print(json.dumps({"session": session.session_key, "token": secret, "card": card.code,
                  "item": item.pk, "owner": owner.pk}))
"""

SQL_TIMER = """
import json, statistics, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from collab.models import User

paths = json.loads(sys.argv[1])
reader = User.objects.get(username="scale.u00050")
client = Client()
client.force_login(reader)
result = {}
for name, path in paths.items():
    times, counts = [], []
    for _ in range(12):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        counts.append(len(queries.captured_queries))
    result[name] = {"sql_ms": statistics.median(times[2:]), "queries": max(counts)}
print(json.dumps(result))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install --no-install-recommends wrk")

    database = urlparse(os.environ["DATABASE_URL"])
    subprocess.run(
        ["createdb", "-h", database.hostname, "-p", str(database.port), "-U", "postgres",
         database.path.lstrip("/")],
        check=True,
    )  # fmt: skip
    var = Path(tempfile.mkdtemp(prefix="crossdesk-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collab.settings.production",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_CONN_MAX_AGE": "600",
        "CROSSDESK_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
    }
    manage("migrate", "--no-input", "-v0", env=env)
    started = time.monotonic()
    manage("seed_scale", "--cards", str(args.cards), "--items", str(args.items),
           "--users", str(args.users), env=env)  # fmt: skip
    seed_seconds = time.monotonic() - started
    manage("collectstatic", "--no-input", "-v0", env=env)
    facts = json.loads(manage("shell", "-c", SETUP, env=env, capture=True).strip().splitlines()[-1])
    paths = {
        "GET /api/v1/ (floor)": "/api/v1/",
        "GET /api/v1/action-items/?owner=…": f"/api/v1/action-items/?owner={facts['owner']}",
        "GET /api/v1/action-items/{id}/": f"/api/v1/action-items/{facts['item']}/",
        "GET /api/v1/cards/?page=1": "/api/v1/cards/?page=1",
        "GET /api/v1/cards/{code}/": f"/api/v1/cards/{facts['card']}/",
        "/cards/ page": "/cards/",
        "card page": f"/cards/{facts['card']}/",
        "/items/ page": "/items/",
        "/ (my work)": "/",
    }
    port = free_port()
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "collab.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        lua = var / "bench.lua"
        lua.write_text(LUA)
        wrk_env = {
            **os.environ,
            "BENCH_AUTHORIZATION": f"Token {facts['token']}",
            "BENCH_COOKIE": f"sessionid={facts['session']}",
        }
        rows = []
        for name, path in paths.items():
            url = f"http://127.0.0.1:{port}{path}"
            for seconds in (args.warmup, args.duration):  # the last run counts
                out = subprocess.run(
                    ["wrk", "-t", "1", "-c", str(args.connections), "-d", f"{seconds}s",
                     "--timeout", "30s", "-s", str(lua), url],
                    env=wrk_env, check=True, text=True, capture_output=True,
                ).stdout  # fmt: skip
            match = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\d+) (\d+)", out)
            rate, p50, p95, p99, errors, total = match.groups()
            rows.append([name, rate, p50, p95, p99, errors, total])
            print(f"{name:42} {rate:>8} req/s  p50 {p50} p95 {p95} p99 {p99} ms  errors {errors}")
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    timer = var / "sql_timer.py"
    timer.write_text(SQL_TIMER)
    measured = subprocess.run(
        [PYTHON, str(timer), json.dumps(paths)],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, check=True, text=True, capture_output=True,
    ).stdout  # fmt: skip
    sql = json.loads(measured.strip().splitlines()[-1])
    write_report(args, rows, sql, seed_seconds)
    return 0


def write_report(args, rows, sql, seed_seconds) -> None:
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"# Scale benchmark: {args.items:,} action items on {args.cards:,} cards, "
        f"{args.users:,} people",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} on {platform.node()}: "
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {pg}.",
        f"gunicorn, 2 sync workers, production settings, persistent connections; wrk with "
        f"{args.connections} connections on one thread, {args.duration} s after a "
        f"{args.warmup} s warm-up, on loopback. Reader: a member of one of ten departments. "
        f"Loading the data took {seed_seconds:.0f} s.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | errors | SQL of one request (ms) "
        "| queries |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, rate, p50, p95, p99, errors, _total in rows:
        measured = sql.get(name, {})
        lines.append(
            f"| {name} | {rate} | {p50} | {p95} | {p99} | {errors} | "
            f"{measured.get('sql_ms', 0):.1f} | {measured.get('queries', '')} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    sys.exit(main())
