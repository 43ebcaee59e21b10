"""Recurring action items: the dates each rule gives on the real 2026 calendar (Qingming,
National Day and its make-up Saturday), refused input, stopping a series, who may, and the
card's figures counting occurrences."""

import datetime as dt

import pytest
from django.urls import reverse

from collab.errors import Forbidden, InvalidState, RuleViolation
from tasks import selectors
from tasks.models import MAX_OCCURRENCES, ActionItem, ItemRecurrence
from tasks.reports import retrospective_figures
from tasks.services import recurrence as recurrence_services

from . import builders

pytestmark = pytest.mark.django_db

D = dt.date


def series(recurrence):
    return list(
        ActionItem.objects.filter(recurrence=recurrence)
        .order_by("occurrence_date")
        .values_list("occurrence_date", "due_date")
    )


def loose_item(org, due):
    """An item of no card: Tom Tech created it, so he manages it."""
    return builders.add_item(org, due_date=due, title="Collect payment-failure feedback")


def repeat(item, by, **rule):
    return recurrence_services.action_item_repeat(item=item, by=by, **rule)


def test_weekly_on_monday_keeps_each_monday_and_a_monday_holiday_is_due_the_next_working_day(
    org,
):
    # Monday 6 April 2026 is a Qingming holiday (4–6 April): that occurrence keeps its
    # Monday as occurrence date and is due Tuesday 7 April, the next working day.
    with builders.at(3, 27):
        item = loose_item(org, D(2026, 3, 30))
        recurrence = repeat(item, org.tec_member, rule="weekly", weekday=0, until=D(2026, 4, 20))

    assert series(recurrence) == [
        (D(2026, 3, 30), D(2026, 3, 30)),
        (D(2026, 4, 6), D(2026, 4, 7)),
        (D(2026, 4, 13), D(2026, 4, 13)),
        (D(2026, 4, 20), D(2026, 4, 20)),
    ]
    item.refresh_from_db()
    assert item.recurrence == recurrence and item.occurrence_date == D(2026, 3, 30)
    copies = ActionItem.objects.filter(recurrence=recurrence).exclude(pk=item.pk)
    assert {(c.title, c.owner_id, c.status) for c in copies} == {
        ("Collect payment-failure feedback", org.tec_member.pk, "not_started")
    }
    assert all(c.history.count() == 1 for c in copies)  # created, on file


def test_daily_on_working_days_across_national_day_2026(org):
    # 1–7 October 2026 are off; Saturday 10 October is a make-up working day, Sunday 11 is off.
    with builders.at(9, 28):
        item = loose_item(org, D(2026, 9, 30))
        recurrence = repeat(item, org.tec_member, rule="daily", until=D(2026, 10, 12))

    assert [day for day, _due in series(recurrence)] == [
        D(2026, 9, 30),
        D(2026, 10, 8),
        D(2026, 10, 9),
        D(2026, 10, 10),
        D(2026, 10, 12),
    ]


def test_every_three_working_days_across_national_day(org):
    with builders.at(9, 28):
        item = loose_item(org, D(2026, 9, 28))
        recurrence = repeat(item, org.tec_member, rule="every_n", every=3, until=D(2026, 10, 16))

    assert [day for day, _due in series(recurrence)] == [
        D(2026, 9, 28),
        D(2026, 10, 8),  # 29, 30 September, then 8 October
        D(2026, 10, 12),  # 9, 10 (make-up Saturday), 12
        D(2026, 10, 15),
    ]


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        ({"rule": "weekly", "weekday": 0, "until": D(2026, 3, 29)}, "until"),
        ({"rule": "every_n", "every": 0, "until": D(2026, 4, 30)}, "every"),
        ({"rule": "weekly", "weekday": 9, "until": D(2026, 4, 30)}, "weekday"),
        ({"rule": "daily", "until": D(2028, 12, 31)}, "until"),  # far more than 400
        ({"rule": "hourly", "until": D(2026, 4, 30)}, "rule"),
    ],
)
def test_bad_rules_are_refused_with_a_field_error_and_nothing_saved(org, rule, field):
    with builders.at(3, 27):
        item = loose_item(org, D(2026, 3, 30))
        with pytest.raises(RuleViolation) as refused:
            repeat(item, org.tec_member, **rule)

    assert field in refused.value.errors
    assert not ItemRecurrence.objects.exists()
    assert ActionItem.objects.count() == 1
    item.refresh_from_db()
    assert item.recurrence_id is None


def test_exactly_the_limit_of_occurrences_is_allowed(org):
    with builders.at(3, 27):
        item = loose_item(org, D(2026, 3, 30))
        last = D(2026, 3, 30) + dt.timedelta(weeks=MAX_OCCURRENCES - 1)
        repeat(item, org.tec_member, rule="weekly", weekday=0, until=last)

    assert ActionItem.objects.count() == MAX_OCCURRENCES


def test_stopping_cancels_only_future_open_occurrences(org):
    with builders.at(3, 27):
        item = loose_item(org, D(2026, 3, 30))
        recurrence = repeat(item, org.tec_member, rule="weekly", weekday=0, until=D(2026, 4, 27))
    occurrences = list(ActionItem.objects.filter(recurrence=recurrence).order_by("occurrence_date"))
    with builders.at(4, 8):
        builders.finish(occurrences[3], org.tec_member)  # 20 April, done early
        cancelled = recurrence_services.recurrence_stop(
            recurrence=recurrence, by=org.tec_member, from_date=D(2026, 4, 13)
        )

    assert [o.occurrence_date for o in cancelled] == [D(2026, 4, 13), D(2026, 4, 27)]
    statuses = dict(
        ActionItem.objects.filter(recurrence=recurrence).values_list("occurrence_date", "status")
    )
    assert statuses == {
        D(2026, 3, 30): "not_started",  # past, still open: stays for its owner to finish
        D(2026, 4, 6): "not_started",
        D(2026, 4, 13): "cancelled",
        D(2026, 4, 20): "done",
        D(2026, 4, 27): "cancelled",
    }
    recurrence.refresh_from_db()
    assert recurrence.stopped_by == org.tec_member
    with builders.at(4, 8), pytest.raises(InvalidState):
        recurrence_services.recurrence_stop(recurrence=recurrence, by=org.tec_member)


def test_stopping_from_a_past_day_is_refused(org):
    with builders.at(3, 27):
        item = loose_item(org, D(2026, 3, 30))
        recurrence = repeat(item, org.tec_member, rule="daily", until=D(2026, 4, 3))
    with builders.at(4, 1), pytest.raises(RuleViolation) as refused:
        recurrence_services.recurrence_stop(
            recurrence=recurrence, by=org.tec_member, from_date=D(2026, 3, 31)
        )

    assert "from_date" in refused.value.errors
    assert not ActionItem.objects.filter(status="cancelled").exists()


def test_only_the_items_managers_make_it_repeat(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card)

    with pytest.raises(Forbidden):
        repeat(item, org.tec_member, rule="daily", until=item.due_date)  # the owner only
    repeat(item, org.tracker, rule="daily", until=item.due_date)
    with pytest.raises(InvalidState):
        repeat(item, org.lead, rule="daily", until=item.due_date)  # repeats already


def test_the_cards_figures_count_each_occurrence(org):
    card = builders.active_card(org)
    item = builders.add_item(org, card, due_date=card.planned_start + dt.timedelta(days=7))
    recurrence = repeat(
        item,
        org.lead,
        rule="weekly",
        weekday=item.due_date.weekday(),
        until=item.due_date + dt.timedelta(weeks=3),
    )
    first = ActionItem.objects.filter(recurrence=recurrence).order_by("occurrence_date").first()
    builders.finish(first, org.tec_member)

    [counted] = selectors.with_item_counts([card])
    figures = retrospective_figures(card)["items"]

    assert counted.open_items == 3
    assert figures["total"] == 4
    done = sum(1 for row in figures["rows"] if row["item"].status == ActionItem.Status.DONE)
    assert done * 100 // figures["total"] == 25


# --- the item's page ------------------------------------------------------------------------


def page_item(org):
    card = builders.active_card(org)
    return builders.add_item(org, card, due_date=D(2026, 11, 30))  # a Monday


def test_the_repeat_form_on_the_item_page_creates_the_series_shown_on_the_page(client, org):
    item = page_item(org)
    client.force_login(org.lead)
    page = client.get(reverse("tasks:action-item-detail", args=[item.pk]))
    assert reverse("tasks:action-item-repeat", args=[item.pk]) in page.content.decode()

    response = client.post(
        reverse("tasks:action-item-repeat", args=[item.pk]),
        {"rule": "weekly", "weekday": "0", "until": "2026-12-14"},
        follow=True,
    )

    html = response.content.decode()
    assert "repeats weekly on Monday" in html
    assert ActionItem.objects.filter(recurrence__isnull=False).count() == 3
    assert reverse("tasks:action-item-stop-repeating", args=[item.pk]) in html
    listed = client.get(reverse("tasks:card-detail", args=[item.card.code]) + "?tab=items")
    assert listed.content.decode().count('data-testid="repeats-tag"') == 3


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"rule": "weekly", "weekday": "0", "until": "2026-11-29"}, "until"),
        ({"rule": "every_n", "every": "0", "until": "2026-12-31"}, "every"),
        ({"rule": "weekly", "weekday": "9", "until": "2026-12-31"}, "weekday"),
        ({"rule": "daily", "until": "2029-12-31"}, "until"),
    ],
)
def test_bad_input_on_the_page_shows_beside_its_field_and_saves_nothing(client, org, data, field):
    item = page_item(org)
    client.force_login(org.lead)

    response = client.post(reverse("tasks:action-item-repeat", args=[item.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ItemRecurrence.objects.exists()
    assert ActionItem.objects.count() == 1


def test_outsiders_get_404_and_the_owner_gets_403_on_the_page(client, org):
    item = page_item(org)
    url = reverse("tasks:action-item-repeat", args=[item.pk])
    data = {"rule": "daily", "until": "2026-12-04"}

    client.force_login(org.outsider)
    assert client.post(url, data).status_code == 404
    client.force_login(org.tec_member)
    assert client.post(url, data).status_code == 403
    assert not ItemRecurrence.objects.exists()


def test_stop_repeating_from_the_page(client, org):
    item = page_item(org)
    with builders.at(11, 27):
        repeat(item, org.lead, rule="daily", until=D(2026, 12, 4))
        client.force_login(org.lead)
        client.post(reverse("tasks:action-item-stop-repeating", args=[item.pk]), {"from_date": ""})

    # Stopped on 27 November: every occurrence is still ahead, all cancelled.
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"cancelled"}


@pytest.mark.parametrize("weeks", [2, 20])
def test_the_item_page_runs_constant_queries_whatever_the_series_length(
    client, org, weeks, django_assert_max_num_queries
):
    item = page_item(org)
    repeat(
        item,
        org.lead,
        rule="weekly",
        weekday=0,
        until=D(2026, 11, 30) + dt.timedelta(weeks=weeks - 1),
    )
    client.force_login(org.lead)
    url = reverse("tasks:action-item-detail", args=[item.pk])

    # The same for 2 or 20 occurrences: the series is one query of the page's.
    with django_assert_max_num_queries(16):
        response = client.get(url)

    assert response.content.decode().count("/items/") >= weeks


def test_an_occurrence_opens_in_the_admin(client, org):
    item = page_item(org)
    repeat(item, org.lead, rule="daily", until=D(2026, 12, 2))
    client.force_login(org.admin)

    response = client.get(reverse("admin:tasks_actionitem_change", args=[item.pk]))

    assert response.status_code == 200
    assert 'name="recurrence"' in response.content.decode()


@pytest.mark.parametrize("weeks", [2, 20])
def test_my_items_with_their_repeats_tags_run_constant_queries(
    client, org, weeks, django_assert_max_num_queries
):
    item = page_item(org)
    until = D(2026, 11, 30) + dt.timedelta(weeks=weeks - 1)
    repeat(item, org.lead, rule="weekly", weekday=0, until=until)
    client.force_login(org.tec_member)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("tasks:my-action-items"))

    assert response.content.decode().count('data-testid="repeats-tag"') == weeks
