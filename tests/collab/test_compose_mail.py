"""docker-compose.yml: the mail catcher is a development tool, and .env decides where mail goes."""

from pathlib import Path

import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]


def test_the_mail_catcher_runs_only_in_the_dev_profile():
    assert SERVICES["mail"]["profiles"] == ["dev"]


def test_the_mail_catcher_is_published_on_the_loopback_only():
    ports = SERVICES["mail"].get("ports", [])
    assert ports
    assert all(str(port).startswith("127.0.0.1:") for port in ports)


def test_app_services_take_email_url_from_env_and_do_not_need_the_catcher():
    for name in APP_SERVICES:
        service = SERVICES[name]
        assert "EMAIL_URL" not in service.get("environment", {}), name
        assert service.get("env_file") == ".env", name
        assert "mail" not in (service.get("depends_on") or {}), name
