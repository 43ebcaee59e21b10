"""Overviews for heads and executives: health rules on real dates, each red flag, who sees
which department's overview, and query counts that do not grow with the data."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from collab.models import Department, User
from tasks import services
from tasks.home import overviews_section
from tasks.overviews import Flag, Health, department_figures, department_overview

from . import builders
from .builders import at

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)


def march(day):
    return MARCH.replace(day=day)


def flags_of(card):
    return {f.flag: f.count for f in card.flags}


def overview_card(user, department, card):
    [figures] = department_figures(user, [department])
    return next(row for row in figures.cards if row.pk == card.pk)


def loose_item(org, title, due, **values):
    """An item of no card, owned by Tom Tech (Technology)."""
    return builders.add_item(org, title=title, due_date=due, **values)


# --- action items ---------------------------------------------------------------------------


def test_item_health_counts_working_days_on_real_dates(org):
    # Friday 6 March 2026: 2 working days ahead is Tuesday 10 March (the weekend skipped).
    with at(3, 2):
        loose_item(org, "past", march(5))
        loose_item(org, "tuesday", march(10))
        loose_item(org, "wednesday", march(11))
        loose_item(org, "today", march(6))
        done = loose_item(org, "done late", march(4))
        builders.finish(done, org.tec_member)
    with at(3, 6, 15):
        overview = department_overview(org.tec_head, org.technology)
    health = {item.title: item.health for item in overview.items}
    assert health == {
        "past": Health.OVERDUE,
        "today": Health.AT_RISK,
        "tuesday": Health.AT_RISK,
        "wednesday": Health.ON_TRACK,
    }  # the done item has no health and is not listed
    assert overview.items_by_health == {"overdue": 1, "at_risk": 2, "on_track": 1}


def test_a_delayed_item_or_one_waiting_on_a_delay_notice_is_at_risk(org):
    with at(3, 2):
        noticed = loose_item(org, "noticed", march(20))
        delayed = loose_item(org, "delayed", march(27))
        services.action_item_report_progress(
            item=delayed, by=org.tec_member, status="delayed", percent=10
        )
        loose_item(org, "fine", march(27))
        services.delay_notice_file(
            item=noticed, by=org.tec_member, reason="Vendor late", new_due_date=march(25)
        )
    with at(3, 3):
        health = {
            i.title: i.health for i in department_overview(org.tec_head, org.technology).items
        }
    assert health == {"noticed": Health.AT_RISK, "delayed": Health.AT_RISK, "fine": Health.ON_TRACK}


def test_what_people_owe_links_to_their_filtered_items(org):
    with at(3, 2):
        loose_item(org, "late", march(3))
        loose_item(org, "later", march(20))
        loose_item(org, "contact's", march(20), owner=org.tec_contact)
    with at(3, 9):
        people = department_overview(org.tec_head, org.technology).people
    assert [(d.person, d.open_items, d.overdue_items) for d in people] == [
        (org.tec_member, 2, 1),
        (org.tec_contact, 1, 0),
    ]
    tom = people[0]
    assert tom.items_url == f"/items/?scope=department&department=TEC&owner={org.tec_member.pk}"
    assert tom.overdue_url == tom.items_url + "&overdue=true"


def test_the_links_of_what_people_owe_open_their_items(client, org):
    loose_item(org, "late", timezone.localdate() - dt.timedelta(days=1))
    loose_item(org, "later", timezone.localdate() + dt.timedelta(days=20))
    loose_item(org, "contact's", timezone.localdate(), owner=org.tec_contact)
    [tom, _liam] = department_overview(org.tec_head, org.technology).people
    client.force_login(org.tec_head)
    listed = {
        url: [item.title for item in client.get(url).context["page"].object_list]
        for url in (tom.items_url, tom.overdue_url)
    }
    assert listed == {tom.items_url: ["late", "later"], tom.overdue_url: ["late"]}


# --- cards and red flags --------------------------------------------------------------------


def test_a_card_is_on_track_then_at_risk_with_an_open_high_risk_until_it_is_closed(org):
    card = builders.march_active_card(org)
    with at(3, 12):
        assert overview_card(org.executive, org.marketing, card).health == Health.ON_TRACK
        risk = builders.raise_risk(org, card)  # high impact, medium likelihood: high
        row = overview_card(org.executive, org.marketing, card)
    assert (row.health, flags_of(row)) == (Health.AT_RISK, {Flag.OPEN_HIGH_RISKS: 1})
    with at(3, 12, 11):
        services.risk_coordinate(
            risk=risk,
            by=org.lead,
            solution="Second vendor",
            responsible_department=org.technology,
            deadline=march(16),
        )
        # Coordinated is not closed: the risk still threatens the card.
        assert flags_of(overview_card(org.executive, org.marketing, card)) == {
            Flag.OPEN_HIGH_RISKS: 1
        }
        services.risk_close(risk=risk, by=org.lead)
        assert overview_card(org.executive, org.marketing, card).flags == []


def test_a_medium_risk_is_no_red_flag(org):
    card = builders.march_active_card(org)
    with at(3, 12):
        builders.raise_risk(org, card, impact="medium", likelihood="medium")
        assert overview_card(org.executive, org.marketing, card).flags == []


def test_a_milestone_past_its_date_makes_the_card_overdue_until_it_is_reached(org):
    card = builders.march_active_card(org)
    with at(3, 18, 18):  # due today: not yet overdue
        assert overview_card(org.executive, org.marketing, card).health == Health.ON_TRACK
    with at(3, 19):
        row = overview_card(org.executive, org.marketing, card)
        assert (row.health, flags_of(row)) == (Health.OVERDUE, {Flag.OVERDUE_MILESTONES: 1})
        services.milestone_mark_achieved(
            milestone=card.milestones.get(name="方案评审"), by=org.lead, on=march(18)
        )
        assert overview_card(org.executive, org.marketing, card).health == Health.ON_TRACK


def test_a_card_past_its_planned_end_is_overdue(org):
    card = builders.march_active_card(org)
    with at(3, 31):
        for milestone in card.milestones.all():
            services.milestone_mark_achieved(milestone=milestone, by=org.lead, on=march(30))
        assert overview_card(org.executive, org.marketing, card).health == Health.ON_TRACK
    with at(4, 1):
        row = overview_card(org.executive, org.marketing, card)
    assert (row.health, row.flags) == (Health.OVERDUE, [])


def test_overdue_items_and_pending_delay_notices_put_the_card_at_risk(org):
    card = builders.march_active_card(org)
    with at(3, 10):
        item = builders.march_item(org, card, "订单页", org.tec_member, march(13))
    with at(3, 16):
        row = overview_card(org.executive, org.marketing, card)
        assert (row.health, row.overdue_items, row.flags) == (Health.AT_RISK, 1, [])
        services.action_item_report_progress(
            item=item, by=org.tec_member, status="done", percent=100
        )
        later = builders.march_item(org, card, "物流", org.tec_member, march(17))
        services.delay_notice_file(
            item=later, by=org.tec_member, reason="接口变更", new_due_date=march(24)
        )
        row = overview_card(org.executive, org.marketing, card)
    assert (row.health, row.overdue_items, row.pending_delay_notices) == (Health.AT_RISK, 0, 1)


def test_a_confirmation_pending_past_its_due_time_is_missed_and_owed(org):
    with at(3, 2, 9):
        card = builders.march_draft(org)
    with at(3, 6, 10):  # asked Friday 10:00: due Tuesday 10:00
        services.card_submit(card=card, by=org.lead)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    with at(3, 10, 9):
        assert overview_card(org.executive, org.marketing, card).flags == []
    with at(3, 10, 11):
        row = overview_card(org.executive, org.marketing, card)
        owed = department_overview(org.fin_head, org.finance).people
    assert (row.health, flags_of(row)) == (Health.AT_RISK, {Flag.MISSED_CONFIRMATIONS: 1})
    assert [(d.person, d.confirmations_owed) for d in owed] == [(org.fin_contact, 1)]


def test_a_goal_letter_pending_past_its_due_time_is_a_late_signoff(org):
    with at(3, 2, 9):
        card = builders.march_draft(org)
    with at(3, 6, 10):
        services.card_submit(card=card, by=org.lead)
        services.department_confirm(card=card, department_code="FIN", by=org.fin_head)
        services.department_confirm(card=card, department_code="TEC", by=org.tec_head)
    due = builders.goal_letter(card).due_at
    with at(3, 6, 11):
        assert overview_card(org.executive, org.marketing, card).flags == []
    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        [figures] = department_figures(org.executive, [org.marketing])
    assert flags_of(figures.cards[0]) == {Flag.LATE_SIGNOFFS: 1}
    assert (figures.late_signoffs, figures.active_cards) == (1, 1)


def test_figures_add_up_per_department_and_list_the_worst_cards_first(org):
    calm = builders.march_active_card(org)
    with at(3, 9):
        risky = builders.march_draft(org, title="Risky launch")
    with at(3, 9, 11):
        services.card_submit(card=risky, by=org.lead)
        services.department_confirm(card=risky, department_code="FIN", by=org.fin_head)
        services.department_confirm(card=risky, department_code="TEC", by=org.tec_head)
        builders.sign_letter(risky, org.fin_head, org.tec_head)
        builders.raise_risk(org, risky)
        builders.march_item(org, risky, "late", org.tec_member, march(12))
    with at(3, 19):  # both cards' first milestone is overdue; only one has a high risk
        marketing, legal = department_figures(org.executive, [org.marketing, org.legal])
    assert [card.pk for card in marketing.cards] == [
        calm.pk,
        risky.pk,
    ]  # both overdue: by planned end, then code
    assert (marketing.active_cards, marketing.overdue_milestones) == (2, 2)
    assert (marketing.open_high_risks, marketing.overdue_items) == (1, 0)  # Marketing owns none
    assert marketing.cards_by_health == {"overdue": 2, "at_risk": 0, "on_track": 0}
    assert (legal.active_cards, legal.flagged_cards) == (0, [])
    [technology] = department_figures(org.executive, [org.technology])
    assert technology.overdue_items == 1


def test_drafts_and_closed_cards_are_not_under_way(org, closed_card):
    builders.draft_card(org, title="Only a draft")
    [figures] = department_figures(org.executive, [org.marketing])
    assert figures.cards == []


def test_a_confidential_card_counts_only_for_those_who_may_see_it(org):
    card = builders.active_card(org, confidential=True)
    [for_executive] = department_figures(org.executive, [org.marketing])
    # Participating departments' heads are named on it (tasks.services.audience).
    [for_head] = department_figures(org.fin_head, [org.finance])
    assert for_executive.cards == []
    assert [row.pk for row in for_head.cards] == [card.pk]


# --- who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "code", "status"),
    [
        ("mkt_head", "MKT", 200),
        ("executive", "MKT", 200),
        ("executive", "mkt", 200),
        ("admin", "LEG", 200),
        ("initiator", "MKT", 404),  # a member of Marketing
        ("fin_contact", "FIN", 404),  # a contact of Finance
        ("fin_head", "MKT", 404),  # another department's head
        ("executive", "FIN", 404),  # a department he does not oversee
        ("outsider", "MKT", 404),
        ("mkt_head", "NOPE", 404),
    ],
)
def test_only_the_head_the_executive_and_administrators_see_a_department_overview(
    client, org, who, code, status
):
    client.force_login(getattr(org, who))
    assert client.get(f"/departments/{code}/overview/").status_code == status


def test_the_home_page_shows_an_executive_his_departments_and_their_red_flags(client, org):
    card = builders.active_card(org)  # its milestone was due 6 days ago
    client.force_login(org.executive)
    page = client.get("/").content.decode()
    assert "Departments you head or oversee" in page
    assert 'href="/departments/MKT/overview/"' in page
    assert f'href="/cards/{card.code}/"' in page
    assert "overdue milestones · 1" in page


def test_people_who_head_and_oversee_nothing_get_no_overview_on_their_home_page(client, org):
    builders.active_card(org)
    client.force_login(org.initiator)
    assert "Departments you head or oversee" not in client.get("/").content.decode()


def test_the_department_page_shows_health_flags_items_and_people(client, org):
    card = builders.active_card(org)
    builders.add_item(org, card, title="Budget sheet", owner=org.initiator)
    org.mkt_head.language = "en"
    org.mkt_head.save(update_fields=["language"])
    client.force_login(org.mkt_head)
    response = client.get("/departments/MKT/overview/")
    page = response.content.decode()
    assert response.context["overview"].figures.role == "head"
    for text in ("Overview of Marketing", "overdue milestones · 1", "Budget sheet", "王芳"):
        assert text in page
    assert f"owner={org.initiator.pk}" in page


# --- a constant number of queries ------------------------------------------------------------


def busy_marketing(org, cards):
    """`cards` active cards of Marketing, each with a high risk and two items of its people."""
    for n in range(cards):
        card = builders.active_card(org, title=f"Launch {n}")
        builders.raise_risk(org, card)
        builders.add_item(org, card, title=f"a{n}", owner=org.initiator)
        builders.add_item(org, card, title=f"b{n}", owner=org.lead)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/", None),  # the home page's other sections are pinned by their own tests
        ("/departments/MKT/overview/", 16),
        ("/api/v1/departments/MKT/overview/", 15),
    ],
)
def test_overviews_cost_the_same_queries_for_few_and_many_cards(
    client, org, path, most, django_assert_max_num_queries
):
    client.force_login(org.mkt_head)
    busy_marketing(org, 1)
    few = queries(client, path)
    busy_marketing(org, 3)
    with django_assert_max_num_queries(most or few):
        queries(client, path)


def test_the_home_section_costs_six_queries_whatever_the_departments_hold(
    rf, org, django_assert_max_num_queries
):
    org.finance.executive = org.executive
    org.finance.save(update_fields=["executive"])
    busy_marketing(org, 3)
    request = rf.get("/")
    request.user = org.executive
    with django_assert_max_num_queries(6):
        _template, context = overviews_section(request)
    assert [row.active_cards for row in context["figures"]] == [3, 3]  # FIN, MKT
    assert len(context["flagged_cards"]) == 3


def test_the_demo_shows_its_executive_a_red_flag_and_its_head_health(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    marketing = Department.objects.get(code="MKT")
    zhou, head = User.objects.get(username="exec.zhou"), User.objects.get(username="mkt.head")
    [figures] = department_figures(zhou, [marketing])
    assert {f.flag for card in figures.flagged_cards for f in card.flags} >= {
        Flag.OVERDUE_MILESTONES,
        Flag.OPEN_HIGH_RISKS,
    }
    items = department_overview(head, marketing).items_by_health
    assert items["overdue"] >= 1 and items["at_risk"] >= 1
