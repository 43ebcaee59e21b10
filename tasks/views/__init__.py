"""Task pages, by sub-domain like the services: cards (list, form, card page, confirmation),
tracking (milestones, progress, risks), acceptance, items, documents."""
