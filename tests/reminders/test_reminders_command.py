"""`manage.py reminders preview --at ...` lists what a sweep would send and writes nothing;
`manage.py reminders run` runs one sweep now."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from collab.models import EmailDelivery, Notification
from tests.tasks import builders

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def item(org):
    with time_machine.travel(dt.datetime(2026, 9, 21, 9, 30, tzinfo=SHANGHAI), tick=False):
        card = builders.active_card(org)
        return builders.add_item(org, card, due_date=dt.date(2026, 9, 30))


def reminders():
    return (
        Notification.objects.filter(reason__startswith="reminder.").count(),
        EmailDelivery.objects.filter(notification__reason__startswith="reminder.").count(),
    )


def run(*args):
    out = io.StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


def test_preview_lists_the_due_reminders_and_writes_nothing(org, item):
    output = run("preview", "--at", "2026-10-09 09:30")
    assert output.startswith("At 2026-10-09 09:30")
    assert "reminder.action_item.overdue" in output
    assert "reminder.action_item.escalate_head" in output
    assert "tec.member" in output and "tec.head" in output
    assert f"action-item:{item.pk}" in output
    assert "deferred" not in output
    assert reminders() == (0, 0)


def test_preview_at_night_shows_when_it_will_go(org, item):
    output = run("preview", "--at", "2026-10-09 03:00")
    assert "deferred to 2026-10-09 09:00" in output
    assert reminders() == (0, 0)


def test_preview_of_a_quiet_moment_says_so(org, item):
    assert "nothing is due" in run("preview", "--at", "2026-09-22 10:00")


def test_preview_can_be_limited_to_a_kind(org, item):
    assert "reminder.action_item" in run(
        "preview", "--at", "2026-10-09 09:30", "--kind", "action_item"
    )


@pytest.mark.parametrize("moment", ["tomorrow", "2026-13-01 09:00", "09:00"])
def test_a_bad_moment_is_refused_clearly(moment):
    with pytest.raises(CommandError, match='--at: not a moment like "2026-12-01 09:00"'):
        run("preview", "--at", moment)


@pytest.mark.parametrize("action", [["preview"], ["run"]])
def test_an_unknown_kind_is_refused_with_the_known_ones(action):
    with pytest.raises(CommandError, match=r"Unknown deadline kind: nope\. Known: .*action_item"):
        run(*action, "--kind", "nope")


def test_run_sends_what_is_due_now_once(org, item):
    with time_machine.travel(dt.datetime(2026, 10, 9, 9, 30, tzinfo=SHANGHAI), tick=False):
        assert run("run") == "Swept 1 rows; sent 2 reminders.\n"
        assert run("run", "--kind", "action_item") == "Swept 1 rows; sent 0 reminders.\n"
    assert reminders() == (2, 2)
