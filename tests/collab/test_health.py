import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_reports_database_broker_and_media_folder(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "media": "ok"}


def test_health_reports_a_media_folder_that_cannot_be_written(client, settings, tmp_path):
    # A file where the folder should be stops writes even for root, unlike permission bits.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok" and body["broker"] == "ok"
    assert body["media"].startswith("error: not writable")


def test_health_creates_a_missing_media_folder_like_storage_would(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "fresh" / "media"
    assert client.get(reverse("healthz")).json()["media"] == "ok"
    assert settings.MEDIA_ROOT.is_dir() and not any(settings.MEDIA_ROOT.iterdir())


def test_health_reports_a_broker_outage(client, monkeypatch):
    from collab.celery import app

    # Nothing listens on port 1 of the loopback.
    monkeypatch.setitem(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error")
