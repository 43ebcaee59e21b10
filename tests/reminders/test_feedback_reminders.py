"""Feedback forms Marketing files with Technology, on real 2026 dates.

A normal form (3 working days) filed Wednesday 30 September 10:00, the eve of National Day,
is due Saturday 10 October 10:00 (a make-up working day): its 50 % and 90 % points are
counted in business hours on the SLA's own clock (Thursday 8 October 14:30, Friday 9
October 16:18), not clock time (which would put 50 % on a holiday). Urgent (24 h) and
critical (4 h) forms count clock hours; critical reminders go out at once at night, the
others wait for the recipient's business hours (09:00–18:00)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collab.models import Notification
from collab.reminders import run_sweep
from feedback import services
from tests.feedback import builders
from tests.feedback.conftest import sla_policies  # noqa: F401 - the SLA policy rows

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
KINDS = ["feedback_response", "feedback_follow_up"]


def at(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def org(org):
    org.technology.executive = org.executive
    org.technology.save()
    return org


def file_form(org, urgency, moment, **fields):
    with time_machine.travel(moment, tick=False):
        return builders.feedback_form(org, urgency=urgency, **fields)


def sweep(moment):
    """Sweep at `moment`; the (username, step) pairs it newly reminded."""
    before = set(Notification.objects.filter(reason__startswith="reminder.").values_list("pk"))
    with time_machine.travel(moment, tick=False):
        run_sweep(now=moment, kinds=KINDS)
    return {
        (username, reason.rsplit(".", 1)[1])
        for pk, username, reason in Notification.objects.filter(
            reason__startswith="reminder."
        ).values_list("pk", "recipient__username", "reason")
        if (pk,) not in before
    }


CONTACT, HEAD, EXEC = "tec.contact", "tec.head", "exec"

# urgency → (filed at, [(sweep at, reminders it sends)])
TIMELINES = {
    "normal": (
        at(9, 30, 10),
        [
            (at(10, 8, 14, 29), set()),  # clock time would have said 5 October, a holiday
            (at(10, 8, 14, 30), {(CONTACT, "half")}),
            (at(10, 9, 16, 17), set()),
            (at(10, 9, 16, 18), {(CONTACT, "ninety")}),
            (at(10, 10, 9, 59), set()),
            (at(10, 10, 10, 0), {(HEAD, "escalate_head")}),  # make-up Saturday
            (at(10, 14, 9, 59), set()),
            (at(10, 14, 10, 0), {(EXEC, "escalate_executive")}),  # 6 working days
        ],
    ),
    "urgent": (
        at(9, 21, 3),
        [
            (at(9, 21, 14, 59), set()),
            (at(9, 21, 15, 0), {(CONTACT, "half")}),
            (at(9, 22, 3, 0), set()),  # 90 % and the breach fall at night: they wait
            (at(9, 22, 9, 0), {(CONTACT, "ninety"), (HEAD, "escalate_head")}),
            (at(9, 23, 8, 59), set()),
            (at(9, 23, 9, 0), {(EXEC, "escalate_executive")}),
        ],
    ),
    "critical": (
        at(9, 22, 1),
        [
            (at(9, 22, 2, 59), set()),
            (at(9, 22, 3, 0), {(CONTACT, "half")}),  # at night, at once
            (at(9, 22, 4, 35), set()),
            (at(9, 22, 4, 36), {(CONTACT, "ninety")}),
            (at(9, 22, 5, 0), {(HEAD, "escalate_head")}),
            (at(9, 22, 8, 59), set()),
            (at(9, 22, 9, 0), {(EXEC, "escalate_executive")}),
        ],
    ),
}


@pytest.mark.parametrize("urgency", TIMELINES)
def test_first_response_reminds_contacts_then_escalates_to_head_and_executive(org, urgency):
    filed, timeline = TIMELINES[urgency]
    file_form(org, urgency, filed)
    for moment, expected in timeline:
        assert sweep(moment) == expected, moment
        assert sweep(moment) == set(), moment  # the same sweep again sends nothing


@pytest.mark.parametrize("urgency", TIMELINES)
def test_nothing_after_the_first_response(org, urgency):
    filed, timeline = TIMELINES[urgency]
    form = file_form(org, urgency, filed)
    with time_machine.travel(filed + dt.timedelta(minutes=5), tick=False):
        services.feedback_acknowledge(form=form, by=org.tec_contact)
    for moment, _expected in timeline:
        assert {step for _user, step in sweep(moment)} <= {"contact"}, moment


def test_critical_goes_at_three_in_the_morning_urgent_waits_for_nine(org):
    file_form(org, "critical", at(9, 22, 1))  # 50 % at 03:00
    file_form(org, "urgent", at(9, 21, 15))  # 50 % at 03:00 the next night
    assert sweep(at(9, 22, 3, 0)) == {(CONTACT, "half")}
    critical_first = Notification.objects.get(reason="reminder.feedback_response.half")
    assert critical_first.context["urgency"]["$text"]["en"] == "critical"
    assert sweep(at(9, 22, 8, 59)) == {(CONTACT, "ninety"), (HEAD, "escalate_head")}
    # The urgent form's 50 % waited for 09:00; the critical one's 90 % is already late.
    assert sweep(at(9, 22, 9, 0)) == {(CONTACT, "half"), (EXEC, "escalate_executive")}


def test_a_reminder_held_back_past_the_deadline_says_it_is_late(org):
    form = file_form(org, "urgent", at(9, 21, 3))  # 90 % at 00:36, due 03:00
    sweep(at(9, 22, 9, 0))
    late = Notification.objects.get(reason="reminder.feedback_response.ninety")
    assert late.title == f"Feedback form {form.code}: your response was due by 22 Sep 2026 03:00"
    assert "Open it and acknowledge it now." in late.body


def test_nobody_outside_the_receiving_department_is_reminded(org):
    filed, timeline = TIMELINES["normal"]
    file_form(org, "normal", filed)
    for moment, _expected in timeline:
        sweep(moment)
    reminded = set(
        Notification.objects.filter(reason__startswith="reminder.").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {CONTACT, HEAD, EXEC}
    for outsider in (org.initiator, org.mkt_head, org.fin_contact, org.fin_head, org.tec_member):
        assert not Notification.objects.filter(
            recipient=outsider, reason__startswith="reminder."
        ).exists()


def test_no_executive_no_escalation_to_one(org):
    org.technology.executive = None
    org.technology.save()
    file_form(org, "critical", at(9, 22, 1))
    assert sweep(at(9, 22, 9, 0)) == {(CONTACT, "ninety"), (HEAD, "escalate_head")}


# --- follow-up cadence --------------------------------------------------------------------


def acknowledged(org, urgency, moment):
    form = file_form(org, urgency, moment)
    with time_machine.travel(moment + dt.timedelta(minutes=30), tick=False):
        return services.feedback_acknowledge(form=form, by=org.tec_contact)


def log(form, by, moment, text="Still on it."):
    with time_machine.travel(moment, tick=False):
        services.feedback_log_add(form=form, by=by, text=text)


@pytest.mark.parametrize(
    ("urgency", "every"),
    [("normal", dt.timedelta(days=1)), ("urgent", dt.timedelta(hours=4))],
)
def test_follow_up_reminds_once_per_silent_cadence(org, urgency, every):
    form = acknowledged(org, urgency, at(10, 8, 8, 30))  # acknowledged at 09:00
    quiet_until = at(10, 8, 9) + every
    assert sweep(quiet_until - dt.timedelta(minutes=1)) == set()
    assert sweep(quiet_until) == {(CONTACT, "contact")}
    assert sweep(quiet_until + dt.timedelta(minutes=30)) == set()
    # A log entry by the receiving side restarts the cadence.
    log(form, org.tec_contact, quiet_until + dt.timedelta(minutes=30))
    form.refresh_from_db()
    assert form.last_follow_up_at == quiet_until + dt.timedelta(minutes=30)
    again = quiet_until + dt.timedelta(minutes=30) + every
    assert sweep(again - dt.timedelta(minutes=1)) == set()
    assert sweep(again) == {(CONTACT, "contact")}


def test_a_log_entry_within_the_cadence_means_no_follow_up_reminder(org):
    form = acknowledged(org, "urgent", at(10, 8, 9, 30))  # cadence 4 h: 14:00
    log(form, org.tec_contact, at(10, 8, 13, 30))
    assert sweep(at(10, 8, 14, 0)) == set()
    assert sweep(at(10, 8, 17, 29)) == set()
    assert sweep(at(10, 8, 17, 30)) == {(CONTACT, "contact")}


def test_the_initiators_note_is_not_the_receiving_sides_follow_up(org):
    form = acknowledged(org, "urgent", at(10, 8, 9, 30))
    log(form, org.initiator, at(10, 8, 13, 30), text="Any news?")
    assert sweep(at(10, 8, 14, 0)) == {(CONTACT, "contact")}


def test_critical_follow_up_goes_at_night_and_a_resolved_form_is_not_chased(org):
    form = acknowledged(org, "critical", at(9, 22, 1))  # acknowledged 01:30, every hour
    assert sweep(at(9, 22, 2, 30)) == {(CONTACT, "contact")}
    with time_machine.travel(at(9, 22, 2, 45), tick=False):
        services.feedback_resolve(
            form=form,
            by=org.tec_contact,
            solution="Rolled back the release.",
            completed_at=at(9, 22, 2, 40),
            responsible_person=org.tec_member,
        )
    assert sweep(at(9, 22, 5, 0)) == set()


# --- queries and words --------------------------------------------------------------------


def sweep_queries(moment):
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        report = run_sweep(now=moment, kinds=KINDS)
    return len(queries), report.sent


def test_same_number_of_queries_for_2_and_20_forms(org):
    filed = at(9, 22, 1)
    for _n in range(2):
        file_form(org, "critical", filed)
    for _n in range(2):
        acknowledged(org, "critical", filed)
    small, sent_small = sweep_queries(at(9, 22, 9, 0))
    Notification.objects.filter(reason__startswith="reminder.").delete()
    for _n in range(18):
        file_form(org, "critical", filed)
    for _n in range(18):
        acknowledged(org, "critical", filed)
    large, sent_large = sweep_queries(at(9, 22, 9, 0))
    assert (sent_small, sent_large) == (2 * 3 + 2, 20 * 3 + 20)
    assert small == large


def test_reminders_are_written_in_the_recipients_language(org):
    form = file_form(org, "critical", at(9, 22, 1))
    sweep(at(9, 22, 4, 40))
    sweep(at(9, 22, 5, 0))
    reminders = Notification.objects.filter(reason__startswith="reminder.")
    english = reminders.get(recipient=org.tec_contact)
    assert english.title == f"Feedback form {form.code} awaits your response by 22 Sep 2026 05:00"
    assert "from Marketing is waiting for your department’s first response" in english.body
    assert "Urgency: critical." in english.body
    assert english.url == f"/feedback/{form.code}/"
    assert english.email.body_html.count(f"/feedback/{form.code}/") >= 1
    chinese = reminders.get(recipient=org.tec_head)  # reads Chinese
    assert "市场部" in chinese.body and "技术部" in chinese.body and "特急" in chinese.body
    assert form.code in chinese.title


def test_follow_up_email_names_the_cadence(org):
    form = acknowledged(org, "urgent", at(10, 8, 9, 30))
    sweep(at(10, 8, 14, 0))
    note = Notification.objects.get(recipient=org.tec_contact, reason__startswith="reminder.")
    assert note.title == f"Feedback form {form.code}: log your progress"
    assert "asks for an update every 4 hours" in note.body
    assert note.url == f"/feedback/{form.code}/?tab=log"


def test_a_reopened_form_is_chased_again_once_the_reopening_is_answered(org):
    form = acknowledged(org, "urgent", at(10, 8, 8, 30))  # acknowledged at 09:00
    with time_machine.travel(at(10, 8, 9, 10), tick=False):
        form = services.feedback_resolve(
            form=form,
            by=org.tec_contact,
            solution="Retry fixed.",
            completed_at=at(10, 8, 9, 10),
            responsible_person=org.tec_member,
        )
    with time_machine.travel(at(10, 8, 9, 20), tick=False):
        services.feedback_reopen(form=form, by=org.initiator, reason="It fails again.")
    # Four hours after the resolution: the new response is owed first, not a follow-up.
    assert sweep(at(10, 8, 13, 10)) == set()
    log(form, org.tec_contact, at(10, 8, 13, 20), text="Looking again.")
    assert sweep(at(10, 8, 17, 19)) == set()
    assert sweep(at(10, 8, 17, 20)) == {(CONTACT, "contact")}
