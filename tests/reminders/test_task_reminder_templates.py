"""Every step of the task deadline kinds renders in English and Chinese with a subject and
a link to the page where the recipient acts; a sweep's queries do not grow with its rows."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from collab.models import Notification
from collab.notification_text import one_line, render_plain_text, template_context
from collab.reminders import run_sweep
from tasks import services
from tasks.models import Risk
from tests.reminders.task_kinds import at, frozen, sweep
from tests.tasks import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_step_sent(org):
    """One of each task kind, swept at the moments that send each of its steps."""
    org.finance.executive = org.executive
    org.finance.save()
    with frozen(at(9, 21)):
        active = builders.active_card(org)
        item = builders.add_item(org, active, due_date=dt.date(2026, 9, 30))
    with frozen(at(9, 24, 15)):
        services.delay_notice_file(
            item=item, by=org.tec_member, reason="Late", new_due_date=dt.date(2026, 10, 15)
        )
    with frozen(at(9, 29)):
        builders.submitted_card(org)
    with frozen(at(9, 28)):
        builders.card_in_acceptance(org)
    with frozen(at(10, 12)):
        services.risk_raise(
            card=active,
            by=org.tec_member,
            description="Supplier",
            impact="high",
            likelihood="high",
            owner=org.lead,
        )
    kinds = ["delay_notice", "card_confirmation", "acceptance", "risk"]
    for moment in [
        at(9, 28, 10),
        at(9, 28, 15),
        at(9, 30, 10),
        at(10, 8, 9),
        at(10, 8, 10),
        at(10, 13, 9),
        at(10, 13, 10),
    ]:
        for kind in kinds:
            sweep(kind, moment)
    return list(
        Notification.objects.filter(reason__startswith="reminder.").exclude(
            reason__startswith="reminder.action_item"
        )
    )


def render(notification, language, reader):
    context = template_context(
        stored=notification.context, recipient=reader, url=notification.url, in_app=False
    )
    with translation.override(language):
        subject = one_line(render_plain_text(f"{notification.template}.subject.txt", context))
        text = render_plain_text(f"{notification.template}.txt", context)
        html = render_to_string(f"{notification.template}.html", context)
    return subject, text, html


def test_every_step_renders_in_english_and_chinese_with_its_link(org, every_step_sent):
    steps = {notification.reason for notification in every_step_sent}
    assert steps == {
        "reminder.delay_notice.lead",
        "reminder.delay_notice.escalate_head",
        "reminder.card_confirmation.contact",
        "reminder.card_confirmation.head",
        "reminder.card_confirmation.escalate",
        "reminder.acceptance.party",
        "reminder.acceptance.escalate_executive",
        "reminder.risk.lead",
        "reminder.risk.escalate_head",
    }
    for notification in every_step_sent:
        assert notification.url.startswith("/")
        for language, reader in (("en", org.lead), ("zh-hans", org.mkt_head)):
            subject, text, html = render(notification, language, reader)
            assert subject, notification.reason
            assert notification.url in text, notification.reason
            assert f'{notification.url}"' in html.replace("&amp;", "&"), notification.reason
            assert f'lang="{language}"' in html


def test_reminders_are_about_the_request_and_link_to_its_page(org, every_step_sent):
    """A reminder is about the thing its request is about, and it opens the
    page where the recipient acts: the item (delay notice), the card's departments,
    documents (acceptance) or risks tab."""
    for notification in every_step_sent:
        prefix = notification.about.split(":")[0]
        assert prefix in {"delay-notice", "card-department", "acceptance", "risk"}
        kind = notification.reason.split(".")[1]
        original = {
            "delay_notice": "delay_notice_filed",
            "card_confirmation": "card_confirmation_requested",
            "acceptance": "acceptance_requested",
            "risk": "risk_raised",
        }[kind]
        request = Notification.objects.filter(reason=original, about=notification.about).first()
        assert request is not None, notification.reason
        assert notification.url == request.url, notification.reason


def raise_risks(org, card, count):
    with frozen(at(10, 12)):
        for number in range(count):
            services.risk_raise(
                card=card,
                by=org.tec_member,
                description=f"Risk {number}",
                impact="low",
                likelihood="low",
                owner=org.lead,
            )


def test_a_sweep_of_2_and_of_20_rows_runs_the_same_queries(org, django_assert_max_num_queries):
    with frozen(at(9, 21)):
        card = builders.active_card(org)
    moment = at(10, 13, 10, 30)  # each risk escalates to the lead's head
    counts = []
    for rows in (2, 20):
        Risk.objects.all().delete()
        Notification.objects.filter(reason__startswith="reminder.").delete()
        raise_risks(org, card, rows)
        with frozen(moment), django_assert_max_num_queries(15) as captured:
            report = run_sweep(now=moment, kinds=["risk"])
        assert report.sent == rows
        counts.append(len(captured))
    assert counts[0] == counts[1]
