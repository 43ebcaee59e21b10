"""When a rule's step falls due (collab.reminders.Sweep), on the real 2026 calendar:
Mid-Autumn Festival (Friday 25 September), National Day (1–7 October) and its make-up
Saturday 10 October."""

import datetime as dt
import zoneinfo

from collab.models import ReminderRule
from collab.reminders import Occurrence, Sweep
from collab.workdays import WorkingCalendar

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
Unit = ReminderRule.Unit
Anchor = ReminderRule.Anchor


def at(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def rule(offset, unit, anchor, repeat=0):
    return ReminderRule(
        kind="test", step="step", offset=offset, unit=unit, anchor=anchor, repeat_every=repeat
    )


def sweep_at(moment):
    return Sweep(now=moment, calendar=WorkingCalendar(), rules=[])


def test_business_hours_skip_the_night_the_weekend_and_the_holiday():
    calendar = WorkingCalendar()
    # Wednesday 30 September 16:00 + 4 business hours: 2 h that day, 2 h after the holiday.
    assert calendar.add_business_hours(at(9, 30, 16), 4) == at(10, 8, 11)
    # Filed at night: the clock starts at 09:00.
    assert calendar.add_business_hours(at(10, 8, 2), 4) == at(10, 8, 13)


def test_working_days_keep_the_time_of_day_across_the_holiday():
    calendar = WorkingCalendar()
    assert calendar.shift_working_days(at(9, 30, 15), 1) == at(10, 8, 15)
    assert calendar.shift_working_days(at(10, 8, 15), -1) == at(9, 30, 15)
    assert calendar.shift_working_days(at(10, 9, 15), 1) == at(10, 10, 15)  # make-up Saturday


def test_a_percentage_of_the_window_counts_clock_time():
    step = rule(50, Unit.PERCENT, Anchor.AFTER_START)
    sweep = sweep_at(at(10, 8, 12))
    assert sweep.due(step, start=at(10, 8, 9), deadline=at(10, 8, 13)) == Occurrence(
        0, at(10, 8, 11)
    )
    assert sweep_at(at(10, 8, 10)).due(step, start=at(10, 8, 9), deadline=at(10, 8, 13)) is None


def test_a_step_before_the_deadline_is_stale_once_it_has_passed():
    step = rule(4, Unit.HOURS, Anchor.BEFORE_DEADLINE)
    assert sweep_at(at(10, 8, 12)).due(step, deadline=at(10, 8, 15)) == Occurrence(0, at(10, 8, 11))
    assert sweep_at(at(10, 8, 16)).due(step, deadline=at(10, 8, 15)) is None


def test_a_daily_repeat_counts_working_days_and_skips_the_holiday():
    step = rule(1, Unit.WORKING_DAYS, Anchor.AFTER_START, repeat=1)
    requested = at(9, 29, 10)
    assert sweep_at(at(9, 30, 9)).due(step, start=requested) is None
    assert sweep_at(at(9, 30, 11)).due(step, start=requested) == Occurrence(0, at(9, 30, 10))
    # During the holiday the latest occurrence is still Wednesday's.
    assert sweep_at(at(10, 5, 11)).due(step, start=requested) == Occurrence(0, at(9, 30, 10))
    assert sweep_at(at(10, 8, 11)).due(step, start=requested) == Occurrence(1, at(10, 8, 10))
    assert sweep_at(at(10, 10, 11)).due(step, start=requested) == Occurrence(3, at(10, 10, 10))
    # Before 10:00 on a working day, the previous day's occurrence is the latest.
    assert sweep_at(at(10, 12, 9, 30)).due(step, start=requested) == Occurrence(3, at(10, 10, 10))


def test_an_hourly_repeat_counts_clock_hours():
    step = rule(0, Unit.HOURS, Anchor.AFTER_DEADLINE, repeat=4)
    assert sweep_at(at(10, 3, 19)).due(step, deadline=at(10, 3, 9)) == Occurrence(2, at(10, 3, 17))


def test_a_day_deadline_is_overdue_from_the_next_working_day():
    overdue = rule(0, Unit.WORKING_DAYS, Anchor.AFTER_DEADLINE, repeat=1)
    due = dt.date(2026, 9, 24)  # Thursday before Mid-Autumn
    assert sweep_at(at(9, 25, 10)).due_for_date(overdue, due) is None
    assert sweep_at(at(9, 28, 10)).due_for_date(overdue, due) == Occurrence(0, at(9, 28))
    escalate = rule(1, Unit.WORKING_DAYS, Anchor.AFTER_DEADLINE)
    assert sweep_at(at(9, 28, 10)).due_for_date(escalate, due) is None
    assert sweep_at(at(9, 29, 10)).due_for_date(escalate, due) == Occurrence(0, at(9, 29))


def test_a_share_of_a_working_day_window_counts_business_hours():
    calendar = WorkingCalendar()
    # Filed Monday 28 September 10:00 with 3 working days: due Thursday 8 October 10:00
    # (National Day in between); half of 27 business hours is Tuesday 29 14:30.
    due = calendar.working_days_deadline(at(9, 28, 10), 3)
    assert due == at(10, 8, 10)
    assert calendar.working_window_share(at(9, 28, 10), due, 50) == at(9, 29, 14, 30)
    assert calendar.working_window_share(at(9, 28, 10), due, 100) == due
    step = rule(50, Unit.PERCENT, Anchor.AFTER_START)
    occurrence = sweep_at(at(9, 29, 15)).due(
        step, start=at(9, 28, 10), deadline=due, working_window=True
    )
    assert occurrence == Occurrence(0, at(9, 29, 14, 30))
    # On clock time the same step would still be ahead (Saturday 3 October, 10:00).
    assert sweep_at(at(9, 29, 15)).due(step, start=at(9, 28, 10), deadline=due) is None
