"""The demo's cards, as `make run` seeds them: the closed card tells a believable story."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tasks.demo import CLOSED_TITLE
from tasks.documents.retrospective import confirmations_chart
from tasks.models import AcceptanceSubmission, Card
from tasks.reports import retrospective_figures

pytestmark = pytest.mark.django_db


def test_the_demo_closed_card_reports_believable_figures():
    call_command("seed_demo", stdout=io.StringIO())
    card = Card.objects.get(title=CLOSED_TITLE)
    figures = retrospective_figures(card)

    schedule = figures["schedule"]
    assert schedule["actual_days"] > 7  # weeks of work, not a day
    assert abs(schedule["start_delta_days"]) <= 3 and abs(schedule["end_delta_days"]) <= 3
    assert card.closed_at.date() < timezone.localdate()
    # Each department answered after one working day or more: the chart has bars.
    rows = figures["confirmations"]["rows"]
    assert len(rows) >= 2 and all((row["working_days"] or 0) >= 1 for row in rows)
    assert confirmations_chart(figures["confirmations"]) is not None
    # Items done on dates of their own, a milestone reached, accepted, retrospective written.
    done_on = {item.completed_at.date() for item in card.action_items.all()}
    assert len(done_on) >= 2 and all(day < card.closed_at.date() for day in done_on)
    assert card.milestones.filter(achieved_on__isnull=False).exists()
    assert card.acceptances.filter(decision=AcceptanceSubmission.Decision.ACCEPTED).exists()
    assert card.successes and card.retrospective_pdf
