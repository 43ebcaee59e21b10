"""Titles and names carry no bidi overrides or control characters, through page and API
alike; emoji and Chinese stay."""

import pytest
from django.urls import reverse

from collab.text import clean_text
from tasks import services
from tasks.models import ActionItem, Card, Milestone, Risk

from . import builders
from .api_support import DAY, api_for, card_payload, card_url, today
from .test_pages import card_form_data

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: "‮fdp.exe" shows as "exe.pdf"
HOSTILE_TITLE = f"Budget {RLO}fdp.exe\u2066 review\x1b\x07 🎉👩‍💻 预算"
CLEAN_TITLE = "Budget fdp.exe review 🎉👩‍💻 预算"


@pytest.mark.parametrize(
    ("raw", "multiline", "clean"),
    [
        (HOSTILE_TITLE, False, CLEAN_TITLE),
        ("line one\r\nline\ttwo\x1b[31m", True, "line one\nline\ttwo[31m"),
        ("one\nline\ttitle", False, "one line title"),
        ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", False, ""),
        ("家族 👨‍👩‍👧 ok", False, "家族 👨‍👩‍👧 ok"),
    ],
)
def test_clean_text(raw, multiline, clean):
    assert clean_text(raw, multiline=multiline) == clean


def test_the_api_strips_controls_from_a_card_title_and_its_rows(org):
    payload = card_payload(org, title=HOSTILE_TITLE, goal=f"Goal{RLO}\nsecond line\x7f")
    payload["milestones"][0]["name"] = f"Draft{RLO} budget\x08"
    response = api_for(org.initiator).post("/api/v1/cards/", payload, format="json")
    assert response.status_code == 201, response.json()
    card = Card.objects.get()
    assert card.title == CLEAN_TITLE
    assert card.goal == "Goal\nsecond line"
    assert card.milestones.filter(name="Draft budget").exists()


def test_the_page_strips_controls_from_a_card_title(client, org):
    client.force_login(org.initiator)
    client.post(reverse("tasks:card-create"), card_form_data(org, title=HOSTILE_TITLE))
    assert Card.objects.get().title == CLEAN_TITLE


def test_a_title_of_nothing_but_controls_is_refused(org):
    response = api_for(org.initiator).post(
        "/api/v1/cards/", card_payload(org, title=f"{RLO}\x07"), format="json"
    )
    assert response.status_code == 400
    assert "title" in response.json()["fields"]
    assert not Card.objects.exists()


def test_a_null_character_through_the_api_is_a_field_error_not_a_crash(org):
    response = api_for(org.initiator).post(
        "/api/v1/cards/", card_payload(org, title="Budget\x00"), format="json"
    )
    assert response.status_code == 400
    assert "title" in response.json()["fields"]


def test_services_strip_a_null_character_the_database_would_refuse(org):
    card = builders.draft_card(org, title="Budget\x00 review")
    assert card.title == "Budget review"


def test_the_api_strips_controls_from_an_action_item_title(org):
    card = builders.active_card(org)
    response = api_for(org.lead).post(
        "/api/v1/action-items/",
        {
            "card": card.code,
            "title": HOSTILE_TITLE,
            "owner": org.tec_member.pk,
            "due_date": (today() + 5 * DAY).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert ActionItem.objects.get().title == CLEAN_TITLE


def test_editing_an_item_strips_controls_too(org):
    item = builders.add_item(org, builders.active_card(org))
    services.action_item_update(item=item, by=org.lead, values={"title": HOSTILE_TITLE})
    item.refresh_from_db()
    assert item.title == CLEAN_TITLE


def test_the_api_strips_controls_from_a_milestone_name_and_a_risk(org):
    card = builders.draft_card(org)
    api = api_for(org.initiator)
    response = api.post(
        card_url(card, "milestones"),
        {"name": f"Launch{RLO} day", "due_date": (today() + 20 * DAY).isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Milestone.objects.filter(name="Launch day").exists()
    services.risk_raise(
        card=card,
        by=org.lead,
        description=f"Stock{RLO} runs out\x00",
        impact="high",
        likelihood="low",
        owner=org.lead,
    )
    assert Risk.objects.get().description == "Stock runs out"


def test_the_profile_page_strips_controls_from_the_display_name(client, org):
    client.force_login(org.tec_member)
    client.post(
        reverse("profile"),
        {
            "display_name": f"Tom{RLO} 汤姆 🙂\x07",
            "email": org.tec_member.email,
            "phone_extension": "",
            "language": "en",
            "time_zone": "Asia/Shanghai",
        },
    )
    org.tec_member.refresh_from_db()
    assert org.tec_member.display_name == "Tom 汤姆 🙂"


def test_token_names_are_cleaned(org):
    from collab import services as collab_services

    token, _secret = collab_services.api_token_create(by=org.lead, name=f"CI{RLO} bot\x00")
    assert token.name == "CI bot"
