"""Rewrite who sees each card (CardAudience) from the cards, their departments and items."""

from django.core.management.base import BaseCommand

from tasks.services.audience import card_audience_rebuild_all


class Command(BaseCommand):
    help = "Rebuild every card's audience (who may see it) from the cards themselves."

    def handle(self, *args, **options):
        rows = card_audience_rebuild_all()
        self.stdout.write(f"Card audience rebuilt: {rows} rows.")
