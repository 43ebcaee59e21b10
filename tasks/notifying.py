"""What task notifications say and are about, as the plain values notify() stores.

The centre renders a notification again whenever it is read, in the reader's
language, from these values alone: no model instance, no query.
"""

from __future__ import annotations

from .models import ActionItem, Card, CardDepartment, Risk


def card_context(card: Card | None) -> dict | None:
    return {"code": card.code, "title": card.title} if card is not None else None


def person_context(user) -> dict:
    return {"name": user.name if user is not None else ""}


def item_context(item: ActionItem) -> dict:
    return {"title": item.title, "due_date": item.due_date}


def participation_context(participation: CardDepartment) -> dict:
    """Caller has the department selected with the participation (no query)."""
    return {
        "department": participation.department,  # stored in every language
        "due_at": participation.due_at,
        "objection": participation.objection,
    }


def risk_context(risk: Risk) -> dict:
    return {
        "description": risk.description,
        "level": Risk.Level(risk.level).label,  # stored in every language
        "decision_due_at": risk.decision_due_at,
    }


def about_participation(participation: CardDepartment) -> str:
    return f"card-department:{participation.pk}"


def about_item(item: ActionItem) -> str:
    return f"action-item:{item.pk}"


def about_risk(risk: Risk) -> str:
    return f"risk:{risk.pk}"


def about_delay_notice(notice) -> str:
    return f"delay-notice:{notice.pk}"


def about_acceptance(submission) -> str:
    return f"acceptance:{submission.pk}"
