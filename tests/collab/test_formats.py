"""Dates and amounts read in the reader's language; numbers in URLs stay plain digits."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tasks.models import ActionItem
from tests.tasks import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(org):
    return builders.active_card(org, planned_end=timezone.localdate() + dt.timedelta(days=35))


def overview(client, person, card):
    client.force_login(person)
    response = client.get(reverse("tasks:card-detail", args=[card.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_english_reader_sees_grouped_amounts_and_day_month_year(client, org, card):
    end = card.planned_end

    page = overview(client, org.lead, card)

    assert "120,000.00 CNY" in page
    assert f"{end.day} {end:%b} {end.year}" in page  # e.g. 27 Nov 2026


def test_a_chinese_reader_sees_grouped_amounts_and_chinese_dates(client, org, card):
    org.lead.language = "zh-hans"
    org.lead.save(update_fields=["language"])
    end = card.planned_end

    page = overview(client, org.lead, card)

    assert "120,000.00 CNY" in page
    assert f"{end.year}年{end.month}月{end.day}日" in page  # e.g. 2026年11月27日


def test_the_items_table_shows_due_dates_in_the_reader_format(client, org, card):
    item = builders.add_item(org, card, owner=org.tec_member)
    due = item.due_date
    client.force_login(org.lead)

    page = client.get(reverse("tasks:card-detail", args=[card.code]), {"tab": "items"})

    assert f"{due.day} {due:%b} {due.year}" in page.content.decode()


@pytest.fixture
def item_numbered_past_a_thousand(org, card):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), 1233)", [ActionItem._meta.db_table]
        )
    return builders.add_item(org, card, owner=org.tec_member)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_id_past_a_thousand_stays_plain_in_links(
    client, org, card, item_numbered_past_a_thousand, language
):
    item = item_numbered_past_a_thousand
    assert item.pk == 1234
    org.lead.language = language
    org.lead.save(update_fields=["language"])
    client.force_login(org.lead)

    page = client.get(reverse("tasks:card-detail", args=[card.code]), {"tab": "items"})
    html = page.content.decode()

    assert 'href="/items/1234/"' in html
    assert "1,234" not in html
    detail = client.get("/items/1234/")
    assert detail.status_code == 200
    assert "1,234" not in detail.content.decode()

    client.force_login(org.tec_member)
    mine = client.get(reverse("tasks:my-action-items")).content.decode()
    assert 'href="/items/1234/"' in mine and "1,234" not in mine
