"""What the API tests share: a client per person, the routes, the card payload."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def api_for(user) -> APIClient:
    """A client acting as `user` (what a token does, without going through the token app)."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def card_url(card_or_code, action="") -> str:
    code = getattr(card_or_code, "code", card_or_code)
    return f"/api/v1/cards/{code}/{action + '/' if action else ''}"


def item_url(item, action="") -> str:
    return f"/api/v1/action-items/{item.pk}/{action + '/' if action else ''}"


def assert_field_error(response, field) -> dict:
    """A 400 that names `field` among its fields."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["fields"], body
    return body


def assert_refused(response, status_code, code) -> dict:
    """A refusal by role (403 forbidden) or by state (409 invalid_state), with its reason."""
    assert response.status_code == status_code, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"], body
    return body


def card_payload(org, **overrides) -> dict:
    """A whole card as the API takes it: Marketing's, with Finance and Technology."""
    start = today()
    payload = {
        "title": "Align the 2027 budget",
        "kind": "project",
        "priority": "high",
        "initiating_department": "MKT",
        "lead": org.lead.pk,
        "tracker": org.tracker.pk,
        "goal": "Both heads sign one budget by the end of the quarter.",
        "key_results": ["Budget signed", "Variance under 5%"],
        "in_scope": "Operating budget",
        "planned_start": start.isoformat(),
        "planned_end": (start + 60 * DAY).isoformat(),
        "budget_amount": "12000.00",
        "budget_currency": "CNY",
        "acceptance_user": org.acceptor.pk,
        "departments": [
            {
                "department": "FIN",
                "role": "executor",
                "responsibilities": "Finance analyst drafts the budget within 5 days.",
                "contact": org.fin_contact.pk,
            },
            {
                "department": "TEC",
                "role": "support",
                "responsibilities": "Technology lists its licences within 3 days.",
                "contact": org.tec_head.pk,
            },
        ],
        "milestones": [
            {"name": "Draft budget", "due_date": (start + 10 * DAY).isoformat(), "buffer_days": 2},
            {"name": "Budget signed", "due_date": (start + 50 * DAY).isoformat()},
        ],
    }
    payload.update(overrides)
    return payload
