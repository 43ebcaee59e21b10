"""Fixtures of the task tests: cards of the `org` company at each stage, built by `builders`."""

import pytest

from collab.workdays import WorkingCalendar
from tasks.reports import retrospective_figures

from . import builders


@pytest.fixture
def draft(org):
    return builders.draft_card(org)


@pytest.fixture
def active_card(org):
    return builders.active_card(org)


@pytest.fixture
def closed_card(org):
    return builders.closed_card(org)


@pytest.fixture
def march_card(org):
    """The launch card's whole life on real dates of March 2026: `card` and its `items` a–f
    (see builders.march_closed_card)."""
    return builders.march_closed_card(org)


@pytest.fixture
def march_figures(march_card):
    """The retrospective figures of the March card, read on 10 April 2026."""
    with builders.at(4, 10):
        return retrospective_figures(march_card.card)


@pytest.fixture
def calendar_without_holidays():
    return WorkingCalendar({})
