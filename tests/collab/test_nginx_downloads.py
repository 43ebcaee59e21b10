"""deploy/nginx.conf in front of the app, as docker-compose runs it: a checked download is
sent by nginx from the media folder with the sandbox headers; /protected/ and /media/
are not reachable from outside. Runs a real nginx (skipped where none is installed)."""

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_sendfile.utils import _get_sendfile

from tasks import services
from tests.tasks import builders

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed here"),
]
CONFIG = Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf"
CSV = b"seat,count\nCAD,4\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def nginx(settings, live_server, tmp_path):
    """nginx on a free port with the deployed server block, its upstream the live server and
    its media folder the test's."""
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/protected/"
    settings.CROSSDESK_TRUSTED_PROXIES = 1
    _get_sendfile.cache_clear()
    port = free_port()
    server_block = (
        CONFIG.read_text()
        .replace("server web:8000;", f"server {live_server.url.removeprefix('http://')};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("alias /srv/media/;", f"alias {settings.MEDIA_ROOT}/;")
    )
    assert f"127.0.0.1:{port}" in server_block and str(settings.MEDIA_ROOT) in server_block
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    # Only what running outside a container needs: own paths, and root's files readable.
    (tmp_path / "nginx.conf").write_text(
        f"""user root; daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    {server_block}
}}"""
    )
    process = subprocess.Popen(
        [NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    _get_sendfile.cache_clear()


def fetch(url, session=None):
    request = urllib.request.Request(url)
    if session:
        request.add_header("Cookie", f"{django_settings.SESSION_COOKIE_NAME}={session}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def test_nginx_sends_a_checked_download_with_the_sandbox_headers(org, nginx):
    item = builders.add_item(org, builders.active_card(org))
    services.action_item_report_progress(
        item=item,
        by=org.tec_member,
        status="done",
        percent=100,
        output_file=SimpleUploadedFile("licences.csv", CSV),
    )
    item.refresh_from_db()
    url = f"{nginx}/items/{item.pk}/output/"

    status, headers, body = fetch(url, session_of(org.tec_member))
    assert status == 200
    assert body == CSV
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == 'attachment; filename="licences.csv"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "X-Accel-Redirect" not in headers

    assert fetch(url, session_of(org.outsider))[0] == 404
    assert fetch(f"{nginx}/protected/{item.output_file.name}")[0] == 404
    # (Django's live server itself serves /media/, unlike gunicorn: the app's side of that
    # is test_file_security.py's.) nginx has no route to the media folder but /protected/.
    assert "location /media" not in CONFIG.read_text()
