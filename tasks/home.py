"""The task section of "My work" for heads and executives: the departments they head or
oversee, with their figures and red flags (what awaits each person is the inbox, tasks/inbox.py)."""

from .overviews import department_figures
from .permissions import overseen_departments

FLAGGED_CARDS_SHOWN = 10


def overviews_section(request):
    """Nothing for people who head and oversee no department."""
    departments = list(overseen_departments(request.user).order_by("code"))
    if not departments:
        return None
    figures = department_figures(request.user, departments)
    flagged = {card.pk: card for row in figures for card in row.flagged_cards}
    flagged_cards = sorted(flagged.values(), key=lambda card: (-len(card.flags), card.code))
    return (
        "tasks/_overviews_home.html",
        {
            "figures": figures,
            "flagged_cards": flagged_cards[:FLAGGED_CARDS_SHOWN],
            "more_flagged": max(len(flagged_cards) - FLAGGED_CARDS_SHOWN, 0),
        },
    )
