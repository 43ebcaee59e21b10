"""Panels other apps add to a card's overview (a card's meetings, its feedback forms).

An app registers a panel from its AppConfig.ready(): tasks never imports it. A panel is
`panel(request, card) -> str`, the rendered HTML of one `<section class="panel">` (or ""
to show nothing); it reads with a fixed number of queries, whatever the card holds.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

CardPanel = Callable[[object, object], str]

CARD_PANELS: list[CardPanel] = []


def register_card_panel(panel: CardPanel) -> CardPanel:
    if panel not in CARD_PANELS:
        CARD_PANELS.append(panel)
    return panel


def card_panels(request, card) -> list[SafeString]:
    """Every registered panel of `card`, rendered, in registration order; empty ones left out.
    Panels render templates, whose output is already escaped."""
    rendered = (panel(request, card) for panel in CARD_PANELS)
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - rendered templates
