"""The retrospective figures of a card whose whole life is placed on real dates.

March 2026 (Asia/Shanghai), no public holidays: weekends are 7-8, 14-15, 21-22, 28-29.
The card is `builders.march_closed_card` (fixtures `march_card`, `march_figures`).
"""

import datetime as dt
import zoneinfo

import pytest

from tasks.models import ActionItem, DelayNotice
from tasks.reports import Outcome, item_outcome, retrospective_figures

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_schedule_compares_planned_and_actual_dates(march_figures):
    assert march_figures["schedule"] == {
        "planned_start": dt.date(2026, 3, 9),
        "planned_end": dt.date(2026, 3, 31),
        "actual_start": dt.date(2026, 3, 11),
        "actual_end": dt.date(2026, 4, 3),
        "start_delta_days": 2,
        "end_delta_days": 3,
        "planned_days": 23,
        "actual_days": 24,
    }


def test_items_are_on_time_delayed_with_notice_or_late(march_figures, march_card):
    items = march_figures["items"]
    assert {key: value for key, value in items.items() if key != "rows"} == {
        "total": 5,
        Outcome.ON_TIME: 1,
        Outcome.WITH_NOTICE: 1,
        Outcome.LATE: 3,  # done late, late after its notice, open at the close
        Outcome.OPEN: 0,
        Outcome.CANCELLED: 1,
    }
    outcome = {row["item"].pk: row["outcome"] for row in items["rows"]}
    i = march_card.items
    assert outcome == {
        i.a.pk: Outcome.ON_TIME,
        i.b.pk: Outcome.WITH_NOTICE,
        i.c.pk: Outcome.LATE,
        i.d.pk: Outcome.LATE,
        i.e.pk: Outcome.LATE,
        i.f.pk: Outcome.CANCELLED,
    }
    row_b = next(row for row in items["rows"] if row["item"].pk == i.b.pk)
    assert (row_b["original_due_date"], row_b["due_date"], row_b["completed_on"]) == (
        dt.date(2026, 3, 18),
        dt.date(2026, 3, 25),
        dt.date(2026, 3, 24),
    )


def test_late_delay_notices_are_counted_apart(march_figures):
    assert march_figures["delay_notices"] == {
        "total": 2,
        "on_time": 1,
        "late": 1,
        "acknowledged": 2,
    }


def test_risks_show_how_fast_they_were_coordinated(march_figures):
    assert march_figures["risks"] == {
        "raised": 2,
        "coordinated": 2,
        "coordinated_in_time": 1,
        "coordinated_late": 1,
        "never_coordinated": 0,
        "median_hours": 16.5,
        "longest_hours": 30.0,
        "limit_hours": 24,
    }


def test_confirmation_time_counts_working_days_across_the_weekend(march_figures, org):
    confirmations = march_figures["confirmations"]
    rows = [
        (row["department"].code, row["working_days"], row["in_time"], row["answered_by"])
        for row in confirmations["rows"]
    ]
    assert rows == [
        ("FIN", 1, True, org.fin_contact),  # Friday → Monday
        ("TEC", 2, False, org.tec_head),  # Friday → Tuesday 15:00, due Tuesday 10:00
    ]
    assert confirmations["longest_working_days"] == 2
    assert confirmations["limit_working_days"] == 2
    assert confirmations["in_time"] == 1


def test_the_leads_retrospective_is_carried(march_figures):
    assert march_figures["retrospective"] == {
        "successes": "三个城市按时上线",
        "shortcomings": "物流对接晚了三天",
        "improvements": "提前锁定供应商",
    }


def test_a_make_up_working_day_counts_for_confirmation(march_card):
    """The calendar's overrides apply: Saturday 7 March made a working day → Finance took 2."""
    from collab.models import CalendarOverride

    CalendarOverride.objects.create(date=dt.date(2026, 3, 7), kind="working")
    rows = retrospective_figures(march_card.card)["confirmations"]["rows"]
    assert [row["working_days"] for row in rows] == [2, 3]


def test_figures_take_a_fixed_number_of_queries(march_card, django_assert_num_queries):
    # calendar, items, their dependencies, their delay notices, risks, departments
    with django_assert_num_queries(6):
        retrospective_figures(march_card.card)


# --- one item's outcome, without the database ---------------------------------------------


def item(status, due, original=None, completed=None):
    return ActionItem(
        status=status,
        due_date=due,
        original_due_date=original or due,
        completed_at=completed and dt.datetime.combine(completed, dt.time(23, 30), SHANGHAI),
    )


def notice(new_due, acknowledged=True):
    return DelayNotice(
        new_due_date=new_due,
        acknowledged_at=dt.datetime(2026, 3, 1, tzinfo=SHANGHAI) if acknowledged else None,
    )


@pytest.mark.parametrize(
    ("subject", "notices", "closed_on", "expected"),
    [
        # Done at 23:30 local on the due date: still on time (local dates, not UTC).
        (item("done", dt.date(2026, 3, 10), completed=dt.date(2026, 3, 10)), [], None, "on_time"),
        (item("done", dt.date(2026, 3, 10), completed=dt.date(2026, 3, 11)), [], None, "late"),
        # A notice nobody acknowledged excuses nothing.
        (
            item("done", dt.date(2026, 3, 10), completed=dt.date(2026, 3, 12)),
            [notice(dt.date(2026, 3, 13), acknowledged=False)],
            None,
            "late",
        ),
        (
            item("done", dt.date(2026, 3, 13), dt.date(2026, 3, 10), dt.date(2026, 3, 13)),
            [notice(dt.date(2026, 3, 13))],
            None,
            "delayed_with_notice",
        ),
        # Open: late once the card is closed or the item is overdue, else still open.
        (item("in_progress", dt.date(2026, 3, 20)), [], dt.date(2026, 3, 16), "late"),
        (item("in_progress", dt.date(2026, 3, 20)), [], None, "open"),
        (item("not_started", dt.date(2026, 3, 13)), [], None, "late"),
        (item("cancelled", dt.date(2026, 3, 13)), [], dt.date(2026, 3, 16), "cancelled"),
    ],
)
def test_item_outcome(subject, notices, closed_on, expected, calendar_without_holidays):
    today = dt.date(2026, 3, 16)
    assert (
        item_outcome(
            subject, notices, calendar=calendar_without_holidays, closed_on=closed_on, today=today
        )
        == expected
    )
