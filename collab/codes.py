"""Gap-free yearly document codes (TC-2026-0042, MT-2026-0007)."""

from django.db import models


def next_yearly_code(sequence_model: type[models.Model], prefix: str, year: int) -> str:
    """The next code of the year from `sequence_model` (fields `year`, `last_number`).
    The row lock serialises concurrent creations and the number rolls back with a failed
    creation, so codes are gap-free and never reused. Call inside the creating
    transaction."""
    sequence_model.objects.get_or_create(year=year)
    sequence = sequence_model.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{sequence.last_number:04d}"
