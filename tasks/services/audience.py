"""Keep `CardAudience` true to the visibility rule (DESIGN.md 4) for the cards a service
changed: the people a card names, its departments' heads, and, unless it is confidential,
its departments' people."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from ..models import ActionItem, Card, CardAudience, CardDepartment

PERSON, DEPARTMENT, HEAD = (
    CardAudience.Kind.PERSON,
    CardAudience.Kind.DEPARTMENT,
    CardAudience.Kind.HEAD,
)


def audience_rows(card_ids: Iterable[int]) -> list[CardAudience]:
    """The audience of the given cards as they are in the database (three queries)."""
    card_ids = list(card_ids)
    people: dict[int, set[int]] = {card_id: set() for card_id in card_ids}
    departments: dict[int, set[tuple[str, int]]] = {card_id: set() for card_id in card_ids}
    cards = Card.objects.filter(pk__in=card_ids).values_list(
        "pk",
        "confidential",
        "initiating_department_id",
        "initiator_id",
        "lead_id",
        "tracker_id",
        "acceptance_user_id",
        "acceptance_department_id",
    )
    confidential = {}
    for pk, secret, initiating, *named, accepting_department in cards:
        confidential[pk] = secret
        people[pk].update(person for person in named if person)
        if accepting_department:
            departments[pk].add((HEAD, accepting_department))
        if not secret:
            departments[pk].add((DEPARTMENT, initiating))
    participations = CardDepartment.objects.filter(card_id__in=card_ids).values_list(
        "card_id", "department_id", "contact_id"
    )
    for card_id, department_id, contact_id in participations:
        people[card_id].add(contact_id)
        departments[card_id].add((HEAD, department_id))
        if not confidential[card_id]:
            departments[card_id].add((DEPARTMENT, department_id))
    owners = (
        ActionItem.objects.filter(card_id__in=card_ids)
        .values_list("card_id", "owner_id")
        .distinct()
    )
    for card_id, owner_id in owners:
        people[card_id].add(owner_id)
    return [
        *(
            CardAudience(card_id=card_id, kind=PERSON, user_id=user_id)
            for card_id, users in people.items()
            for user_id in users
        ),
        *(
            CardAudience(card_id=card_id, kind=kind, department_id=department_id)
            for card_id, keys in departments.items()
            for kind, department_id in keys
        ),
    ]


def card_audience_rebuild(*, card_ids: Iterable[int]) -> int:
    """Rewrite the audience of the given cards; call it inside the transaction that changed
    who is on them. Returns the number of rows written."""
    card_ids = list(card_ids)
    rows = audience_rows(card_ids)
    CardAudience.objects.filter(card_id__in=card_ids).delete()
    CardAudience.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


# Every card's audience in one statement (SQLite and PostgreSQL alike): the same rule as
# audience_rows(), for rebuilding all cards at once (rebuild_card_audience, seed_scale).
REBUILD_ALL_SQL = """
INSERT INTO tasks_cardaudience (card_id, kind, user_id, department_id)
SELECT id, 'person', initiator_id, CAST(NULL AS BIGINT) FROM tasks_card
UNION SELECT id, 'person', lead_id, CAST(NULL AS BIGINT) FROM tasks_card
UNION SELECT id, 'person', tracker_id, CAST(NULL AS BIGINT) FROM tasks_card
UNION SELECT id, 'person', acceptance_user_id, CAST(NULL AS BIGINT) FROM tasks_card
    WHERE acceptance_user_id IS NOT NULL
UNION SELECT card_id, 'person', contact_id, CAST(NULL AS BIGINT) FROM tasks_carddepartment
UNION SELECT card_id, 'person', owner_id, CAST(NULL AS BIGINT) FROM tasks_actionitem
    WHERE card_id IS NOT NULL
UNION SELECT id, 'head', CAST(NULL AS BIGINT), acceptance_department_id FROM tasks_card
    WHERE acceptance_department_id IS NOT NULL
UNION SELECT card_id, 'head', CAST(NULL AS BIGINT), department_id FROM tasks_carddepartment
UNION SELECT id, 'department', CAST(NULL AS BIGINT), initiating_department_id FROM tasks_card
    WHERE NOT confidential
UNION SELECT cd.card_id, 'department', CAST(NULL AS BIGINT), cd.department_id
    FROM tasks_carddepartment cd JOIN tasks_card c ON c.id = cd.card_id
    WHERE NOT c.confidential
"""


def card_audience_rebuild_all() -> int:
    """Rewrite every card's audience (after a bulk load, or to repair it); atomic."""
    with transaction.atomic(), connection.cursor() as cursor:
        CardAudience.objects.all().delete()
        cursor.execute(REBUILD_ALL_SQL)
        return cursor.rowcount
