"""English and Simplified Chinese: switching, preference, a complete catalogue."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_page_in_chinese_for_a_chinese_speaker(client, zh_user):
    client.force_login(zh_user)
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "我的工作" in page
    assert "通知" in page


def test_switching_language_saves_the_preference(logged_in_client, user):
    response = logged_in_client.post(
        reverse("language"), {"language": "zh-hans", "next": reverse("notifications")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications")
    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert "我的工作" in logged_in_client.get(reverse("home")).content.decode()


def test_anonymous_visitors_switch_by_cookie(client):
    client.post(reverse("language"), {"language": "zh-hans", "next": "/accounts/login/"})
    assert "登录" in client.get(reverse("login")).content.decode()


def test_unknown_language_code_is_refused_with_a_message(logged_in_client, user):
    response = logged_in_client.post(reverse("language"), {"language": "klingon"}, follow=True)
    assert response.status_code == 200
    assert "is not a language Crossdesk speaks" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "en"


def test_language_switch_does_not_redirect_off_site(logged_in_client):
    response = logged_in_client.post(
        reverse("language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 100
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    """Strings added to the code since the catalogue was last updated would show in English."""
    import shutil
    import subprocess

    assert shutil.which("xgettext"), "gettext is missing: bin/ensure-system-packages installs it"
    work = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", ".tools", "node_modules", "var", ".git", "tests", "__pycache__", "*.mo"
        ),
    )
    subprocess.run(
        [
            str(Path(settings.BASE_DIR) / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "--locale",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=work,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "collab.settings.local",
            "CROSSDESK_VAR_DIR": str(tmp_path / "var"),
        },
    )
    refreshed = polib.pofile(str(work / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in refreshed.untranslated_entries()] == []
