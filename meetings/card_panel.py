"""The card page's "Meetings" panel (registered with tasks.card_panels): the card's latest
meetings and where their minutes stand; one query."""

from django.template.loader import render_to_string
from django.utils import timezone

from tasks.card_panels import register_card_panel

from . import selectors
from .views.lists import minutes_note


def meetings_panel(request, card) -> str:
    meetings = selectors.card_meetings(card, request.user)
    now = timezone.now()
    for meeting in meetings:
        meeting.minutes_note = minutes_note(meeting.minutes_state, meeting.minutes_due_at, now)
    return render_to_string(
        "meetings/_card_panel.html",
        {"card": card, "meetings": meetings, "more": len(meetings) == selectors.CARD_PANEL_ROWS},
        request=request,
    )


def register_card_panels() -> None:
    register_card_panel(meetings_panel)
