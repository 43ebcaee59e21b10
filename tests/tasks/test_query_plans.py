"""The hot reads take their index on PostgreSQL, with enough rows that a sequential scan
would be the planner's first idea: no request reads every card or every action item."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from collab.models import User
from tasks import selectors
from tasks.models import ActionItem, Card

pytestmark = pytest.mark.django_db

WATCHED = {"tasks_card", "tasks_actionitem"}


def plan_of(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return json.loads(plan)[0]["Plan"] if isinstance(plan, str) else plan[0]["Plan"]


def sequential_scans(plan: dict) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in WATCHED:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += sequential_scans(child)
    return found


def test_hot_reads_never_scan_all_cards_or_items(capsys):
    call_command("seed_scale", cards=20000, items=60000, users=600)
    capsys.readouterr()
    member = User.objects.get(username="scale.u00050")  # a member of one of ten departments
    card = selectors.cards_visible_to(member).filter(status="active").order_by("pk").first()
    item = ActionItem.objects.filter(card=card).order_by("pk").first()
    owner = User.objects.filter(department=member.department).exclude(pk=member.pk).first()
    request = RequestFactory().get("/")
    request.user = member
    today = timezone.localdate()
    reads = {
        "card detail (visibility of one card)": selectors.cards_visible_to(member).filter(
            code=card.code
        ),
        "item detail": selectors.action_item_list(selectors.action_items_visible_to(member)).filter(
            pk=item.pk
        ),
        "items of an owner": selectors.action_item_filterset(
            request=request, data={"owner": owner.pk}
        ).qs[:25],
        "first page of cards": selectors.card_list(member)[:25],
        "cards by priority": selectors.card_filterset(
            request=request, data={"ordering": "priority"}
        ).qs[:25],
        "overdue items": ActionItem.objects.filter(
            due_date__lt=today, status__in=ActionItem.OPEN_STATUSES
        ).order_by("due_date", "pk")[:25],
        "a card's items": ActionItem.objects.filter(card=card, status="done"),
        "cards of a status": Card.objects.filter(status="draft").order_by("-created_at", "-pk")[
            :25
        ],
    }
    scanned = {name: sequential_scans(plan_of(query)) for name, query in reads.items()}
    assert scanned == {name: [] for name in reads}
