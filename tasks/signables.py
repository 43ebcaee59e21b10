"""The task card's goal confirmation letter (协同目标确认函), signed by every participating head."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from collab.selectors import Role
from collab.signables import SignableType, SignerRole, register

from . import selectors
from .models import Card


@register
class GoalConfirmationLetter(SignableType):
    key = selectors.GOAL_LETTER
    title = _("Goal confirmation letter")
    model = Card
    template = "tasks/documents/goal_confirmation_letter.html"

    def snapshot(self, card):
        from .services.cards import agreed_content

        return agreed_content(card)

    def code(self, card):
        return card.code

    def signers(self, card):
        return [
            SignerRole(Role.HEAD, participation.department)
            for participation in selectors.card_participations(card)
        ]

    def context(self, card):
        return {
            "card": card,
            "participations": selectors.card_participations(card),
            "milestones": list(card.milestones.order_by("due_date", "pk")),
        }

    def can_view(self, card, user):
        return selectors.cards_visible_to(user).filter(pk=card.pk).exists()

    def on_decided(self, card, request, by):
        from .services.confirmation import goal_letter_decided

        goal_letter_decided(card, request)

    def url(self, card):
        return reverse("tasks:card-detail", args=[card.code])
