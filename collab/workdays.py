"""The company's working-day calendar.

Every "N working days" rule in Crossdesk counts days here. China's official
calendar is the default, make-up working days (调休) included: chinesecalendar
for the years it knows, the `holidays` package after that, and administrators'
per-date overrides (CalendarOverride) above both. Hour-based rules count clock
hours and do not come here.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import chinese_calendar
import holidays
from django.conf import settings
from django.utils import timezone


def company_timezone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _parse_clock(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


@functools.lru_cache(maxsize=8)
def _public_holidays(country: str) -> holidays.HolidayBase:
    # One instance per country; it fills in years lazily as they are asked for.
    return holidays.country_holidays(country)


def _official_is_working_day(day: dt.date, country: str) -> bool:
    if country == "CN":
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            # chinesecalendar only knows the years already announced by the
            # State Council; `holidays` carries the fixed and lunar holidays on.
            pass
    return _public_holidays(country).is_working_day(day)


class WorkingCalendar:
    """Working-day arithmetic with the overrides read once.

    Build it with `WorkingCalendar.load()` (one query) and reuse it for a whole
    sweep rather than asking the database per date.
    """

    def __init__(self, overrides: dict[dt.date, bool] | None = None, country: str | None = None):
        self.overrides = overrides or {}
        self._days: dict[dt.date, bool] = {}
        self.country = country or settings.WORKING_CALENDAR_COUNTRY
        self.business_start = _parse_clock(settings.BUSINESS_HOURS_START)
        self.business_end = _parse_clock(settings.BUSINESS_HOURS_END)
        self.tz = company_timezone()

    @classmethod
    def load(cls) -> WorkingCalendar:
        from .models import CalendarOverride

        overrides = {
            row.date: row.kind == CalendarOverride.Kind.WORKING_DAY
            for row in CalendarOverride.objects.only("date", "kind")
        }
        return cls(overrides)

    # --- days -------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        # Sweeps ask about the same few weeks for thousands of rows.
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = _official_is_working_day(day, self.country)
        return known

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (before it, for negative days).

        With 0, `start` itself if it is a working day, else the next one.
        """
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        day = start
        if remaining == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative if end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + dt.timedelta(days=offset))
        )

    # --- moments ------------------------------------------------------------
    def is_business_time(self, moment: dt.datetime) -> bool:
        local = timezone.localtime(moment, self.tz)
        return (
            self.is_working_day(local.date())
            and self.business_start <= local.time() < self.business_end
        )

    def next_business_moment(self, moment: dt.datetime) -> dt.datetime:
        """`moment` itself in business hours, else the start of the next business period."""
        local = timezone.localtime(moment, self.tz)
        if self.is_working_day(local.date()):
            if local.time() < self.business_start:
                return self._at(local.date(), self.business_start)
            if local.time() < self.business_end:
                return local
        return self._at(
            self.add_working_days(local.date() + dt.timedelta(days=1), 0), self.business_start
        )

    def working_days_deadline(self, moment: dt.datetime, days: int) -> dt.datetime:
        """When an answer asked for at `moment` within `days` working days is due.

        The clock starts at the next business moment; the deadline is the same
        time of day `days` working days later. A request on Friday 10:00 with 2
        working days is due Tuesday 10:00; one made on Saturday, Tuesday 09:00.
        """
        start = self.next_business_moment(moment)
        due_day = self.add_working_days(start.date(), days)
        return self._at(due_day, start.timetz().replace(tzinfo=None))

    def in_zone(self, tz: zoneinfo.ZoneInfo | str) -> WorkingCalendar:
        """The same days and overrides, with business hours in another time zone (a
        person's: reminders go out in the recipient's business hours)."""
        zone = zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz
        if zone == self.tz:
            return self
        other = WorkingCalendar(self.overrides, self.country)
        other.tz = zone
        other._days = self._days
        return other

    def shift_working_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The same time of day `days` working days later (earlier, if negative)."""
        local = timezone.localtime(moment, self.tz)
        day = self.add_working_days(local.date(), days)
        return self._at(day, local.time().replace(tzinfo=None))

    def add_business_hours(self, moment: dt.datetime, hours: float) -> dt.datetime:
        """`hours` of business time after `moment` (Friday 16:00 + 4 h: Monday 11:00)."""
        remaining = dt.timedelta(hours=hours)
        current = self.next_business_moment(moment)
        while True:
            local = timezone.localtime(current, self.tz)
            end_of_day = self._at(local.date(), self.business_end)
            if current + remaining <= end_of_day:
                return current + remaining
            remaining -= end_of_day - current
            current = self.next_business_moment(end_of_day)

    def working_window_share(
        self, start: dt.datetime, due: dt.datetime, percent: float
    ) -> dt.datetime:
        """The moment `percent` of a working-day window (working_days_deadline: from the
        next business moment to the same time of day N working days later) has passed,
        counted in business hours: Monday 10:00 with 3 working days, 50 % is Tuesday
        14:30 (not Tuesday 22:00 as clock time would say), and holidays do not count."""
        begin = self.next_business_moment(start)
        days = self.working_days_between(
            begin.astimezone(self.tz).date(), due.astimezone(self.tz).date()
        )
        day_length = dt.datetime.combine(dt.date.min, self.business_end) - dt.datetime.combine(
            dt.date.min, self.business_start
        )
        hours = days * day_length / dt.timedelta(hours=1) * percent / 100
        return self.add_business_hours(begin, hours)

    def _at(self, day: dt.date, clock: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, clock, tzinfo=self.tz)


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar.load().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    return WorkingCalendar.load().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return WorkingCalendar.load().working_days_between(start, end)


def working_days_deadline(moment: dt.datetime, days: int) -> dt.datetime:
    return WorkingCalendar.load().working_days_deadline(moment, days)


def clock_hours_deadline(moment: dt.datetime, hours: float) -> dt.datetime:
    """Hour-based SLAs (urgent: 24 h, critical: 4 h) count clock hours, weekends included."""
    return moment + dt.timedelta(hours=hours)
