"""Deadlines from the SLA policy on real dates, and the SLA status on a frozen clock."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from feedback.models import FeedbackForm, SlaPolicy
from feedback.sla import SlaStatus, sla_status_expression, sla_status_of

from . import builders

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def filed_at(moment, org, **fields) -> FeedbackForm:
    with time_machine.travel(moment, tick=False):
        return builders.feedback_form(
            org, expected_completion=moment + dt.timedelta(days=30), **fields
        )


def status_in_sql(form, now) -> str:
    return (
        FeedbackForm.objects.filter(pk=form.pk)
        .annotate(state=sla_status_expression(now))
        .values_list("state", flat=True)
        .get()
    )


@pytest.mark.parametrize(
    ("filed", "due"),
    [
        # The Friday before National Day 2026 is the Mid-Autumn holiday: the clock starts
        # Monday 09:00 and runs Sep 28, 29, 30, then resumes after the holiday on Oct 8.
        (at(2026, 9, 25, 10), at(2026, 10, 8, 9)),
        # 2025: filed on the last Friday before the holiday, 10:00; the make-up Sunday
        # Sep 28 is a working day, so three working days end on Tuesday Sep 30.
        (at(2025, 9, 26, 10), at(2025, 9, 30, 10)),
    ],
)
def test_a_normal_form_is_due_in_three_working_days_of_the_real_calendar(org, filed, due):
    form = filed_at(filed, org, urgency="normal")

    assert form.response_due_at == due
    assert form.first_response_due_at == due
    assert form.follow_up_every_hours == 24


def test_an_urgent_form_filed_at_five_pm_is_due_24_clock_hours_later(org):
    form = filed_at(at(2026, 12, 4, 17), org, urgency="urgent")  # a Friday

    assert form.response_due_at == at(2026, 12, 5, 17)  # Saturday: clock hours
    assert form.follow_up_every_hours == 4


def test_a_critical_form_filed_at_half_past_eleven_at_night_is_due_at_half_past_three(org):
    form = filed_at(at(2026, 12, 3, 23, 30), org, urgency="critical")

    assert form.response_due_at == at(2026, 12, 4, 3, 30)
    assert form.follow_up_every_hours == 1


def test_the_policy_an_administrator_changed_applies_to_forms_filed_afterwards(org):
    earlier = filed_at(at(2026, 12, 3, 10), org, urgency="urgent")
    SlaPolicy.objects.filter(urgency="urgent").update(response_within=8, follow_up_every_hours=2)

    later = filed_at(at(2026, 12, 3, 10), org, urgency="urgent")

    assert later.response_due_at == at(2026, 12, 3, 18)
    assert later.follow_up_every_hours == 2
    earlier.refresh_from_db()
    assert earlier.response_due_at == at(2026, 12, 4, 10)


def test_without_a_policy_row_the_process_documents_default_applies(org):
    SlaPolicy.objects.all().delete()

    form = filed_at(at(2026, 12, 3, 23, 30), org, urgency="critical")

    assert form.response_due_at == at(2026, 12, 4, 3, 30)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 12, 3, 17), SlaStatus.ON_TRACK),
        (at(2026, 12, 4, 10, 59), SlaStatus.ON_TRACK),  # 6 h 1 min left of 24 h
        (at(2026, 12, 4, 11), SlaStatus.DUE_SOON),  # the last quarter of the window
        (at(2026, 12, 4, 16, 59), SlaStatus.DUE_SOON),
        (at(2026, 12, 4, 17), SlaStatus.BREACHED),
        (at(2026, 12, 9, 9), SlaStatus.BREACHED),
    ],
)
def test_the_sla_status_moves_with_the_clock_the_same_in_python_and_sql(org, now, expected):
    form = filed_at(at(2026, 12, 3, 17), org, urgency="urgent")

    with time_machine.travel(now, tick=False):
        assert sla_status_of(form, now) == expected
        assert status_in_sql(form, now) == expected


def test_an_answer_in_time_is_met_and_a_late_one_late_in_python_and_sql(org):
    form = filed_at(at(2026, 12, 3, 17), org, urgency="urgent")
    now = at(2026, 12, 10, 9)

    form.responded_at = at(2026, 12, 4, 16)
    form.save(update_fields=["responded_at"])
    assert sla_status_of(form, now) == status_in_sql(form, now) == SlaStatus.MET

    form.responded_at = at(2026, 12, 4, 18)
    form.save(update_fields=["responded_at"])
    assert sla_status_of(form, now) == status_in_sql(form, now) == SlaStatus.LATE
