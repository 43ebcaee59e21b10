"""Fixtures of the feedback tests."""

import pytest

from feedback.models import DEFAULT_POLICIES, SlaPolicy


@pytest.fixture(autouse=True)
def sla_policies(db):
    """The SLA policy rows the data migration writes. A transactional test elsewhere (a
    browser test) flushes the database, migration data included, and tests run in any
    order on any worker: put the process document's defaults back."""
    for urgency, (within, unit, follow_up) in DEFAULT_POLICIES.items():
        SlaPolicy.objects.get_or_create(
            urgency=urgency,
            defaults={
                "response_within": within,
                "response_unit": unit,
                "follow_up_every_hours": follow_up,
            },
        )
