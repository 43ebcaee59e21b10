"""The working-day calendar on real dates: China's 2026 holidays, make-up days, 2027."""

import datetime as dt
import zoneinfo

import pytest

from collab import workdays
from collab.models import CalendarOverride
from collab.workdays import WorkingCalendar

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date


@pytest.fixture
def calendar():
    return WorkingCalendar()


def test_national_day_week_is_off(calendar):
    assert [calendar.is_working_day(D(2026, 10, day)) for day in range(1, 8)] == [False] * 7


def test_make_up_working_days_around_national_day_are_working(calendar):
    # 2026-09-20 is a Sunday and 2026-10-10 a Saturday, both official make-up working days (调休).
    assert calendar.is_working_day(D(2026, 9, 20))
    assert calendar.is_working_day(D(2026, 10, 10))
    # An ordinary weekend is not.
    assert not calendar.is_working_day(D(2026, 10, 11))
    assert not calendar.is_working_day(D(2026, 11, 21))


def test_add_working_days_jumps_the_golden_week(calendar):
    # Wednesday 30 September + 1 working day: the holiday runs to 7 October.
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    # Thursday 8 Oct + 2: Friday 9, then the make-up Saturday 10.
    assert calendar.add_working_days(D(2026, 10, 8), 2) == D(2026, 10, 10)


def test_add_working_days_across_an_ordinary_weekend(calendar):
    assert calendar.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri -> Mon
    assert calendar.add_working_days(D(2026, 11, 23), -1) == D(2026, 11, 20)  # Mon -> Fri
    assert calendar.add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 23)  # Sat -> Mon


def test_working_days_between_counts_only_working_days(calendar):
    assert calendar.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # 8, 9, 10 Oct
    assert calendar.working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert calendar.working_days_between(D(2026, 11, 23), D(2026, 11, 23)) == 0


def test_2027_falls_back_to_the_holidays_package(calendar):
    # chinesecalendar 1.11 raises for 2027; Crossdesk must still answer.
    assert not calendar.is_working_day(D(2027, 1, 1))  # New Year's Day, a Friday
    assert not calendar.is_working_day(D(2027, 2, 8))  # Spring Festival, a Monday
    assert calendar.is_working_day(D(2027, 1, 4))  # an ordinary Monday
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


@pytest.mark.django_db
def test_admin_override_beats_the_official_calendar():
    CalendarOverride.objects.create(date=D(2027, 2, 20), kind="working", note="调休 2027")
    CalendarOverride.objects.create(date=D(2026, 11, 23), kind="off", note="Company day")
    assert workdays.is_working_day(D(2027, 2, 20))  # a Saturday
    assert not workdays.is_working_day(D(2026, 11, 23))  # a Monday
    assert workdays.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 24)


@pytest.mark.django_db
def test_the_overrides_are_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = WorkingCalendar.load()
    calendar.working_days_between(D(2026, 1, 1), D(2026, 12, 31))


def test_working_days_deadline_keeps_the_time_of_day(calendar):
    friday_morning = dt.datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
    assert calendar.working_days_deadline(friday_morning, 2) == dt.datetime(
        2026, 11, 24, 10, 0, tzinfo=SHANGHAI
    )


def test_working_days_deadline_starts_the_clock_at_the_next_business_morning(calendar):
    friday_night = dt.datetime(2026, 11, 20, 20, 30, tzinfo=SHANGHAI)
    saturday = dt.datetime(2026, 11, 21, 11, 0, tzinfo=SHANGHAI)
    expected = dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    assert calendar.working_days_deadline(friday_night, 2) == expected
    assert calendar.working_days_deadline(saturday, 2) == expected


def test_working_days_deadline_accepts_utc_and_spans_the_holiday(calendar):
    # 29 Sep 2026 16:00 UTC is 30 Sep 00:00 in Shanghai: the clock starts 30 Sep 09:00.
    moment = dt.datetime(2026, 9, 29, 16, 0, tzinfo=dt.UTC)
    assert calendar.working_days_deadline(moment, 2) == dt.datetime(
        2026, 10, 9, 9, 0, tzinfo=SHANGHAI
    )


def test_business_time(calendar):
    assert calendar.is_business_time(dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI))
    assert not calendar.is_business_time(dt.datetime(2026, 11, 23, 18, 0, tzinfo=SHANGHAI))
    assert not calendar.is_business_time(dt.datetime(2026, 10, 2, 10, 0, tzinfo=SHANGHAI))
    # 02:00 UTC is 10:00 in Shanghai.
    assert calendar.is_business_time(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))


def test_clock_hours_run_through_the_weekend():
    friday_night = dt.datetime(2026, 11, 20, 22, 0, tzinfo=SHANGHAI)
    assert workdays.clock_hours_deadline(friday_night, 4) == dt.datetime(
        2026, 11, 21, 2, 0, tzinfo=SHANGHAI
    )


def test_other_countries_use_their_public_holidays():
    us = WorkingCalendar(country="US")
    assert not us.is_working_day(D(2026, 7, 3))  # Independence Day observed (a Friday)
    assert us.is_working_day(D(2026, 10, 1))
