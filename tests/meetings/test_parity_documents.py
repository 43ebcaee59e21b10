"""One rule, two doors: publishing, correcting, formalising and downloading the minutes
through the page and through the API give the same outcome."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Formalisation, Minutes, MinutesVersion
from tests.meetings import builders
from tests.meetings.documents_builders import has, minutes_ready, pdf_text, published_meeting
from tests.tasks.api_support import api_for

pytestmark = pytest.mark.django_db


def page_for(client, user):
    client.force_login(user)
    return client


def tab(meeting):
    return reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=documents"


def page_messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def api_url(meeting, action):
    return f"/api/v1/meetings/{meeting.code}/{action}/"


def no_conclusions(org):
    meeting = builders.held_meeting(org)
    services.minutes_save(
        meeting=meeting, by=org.tracker, data=builders.minutes_input(org, conclusions=[])
    )
    return meeting


def test_publishing_with_no_conclusions_is_refused_by_page_and_api_alike(client, org):
    meeting = no_conclusions(org)
    page = page_for(client, org.tracker).post(
        reverse("meetings:minutes-publish", args=[meeting.code]), follow=True
    )
    api = api_for(org.tracker).post(api_url(meeting, "publish-minutes"))
    assert api.status_code == 400
    reason = api.json()["fields"]["conclusions"][0]
    assert reason in page_messages(page)
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT
    assert not MinutesVersion.objects.exists()


def test_publishing_succeeds_the_same_way_through_page_and_api(client, org):
    by_page, by_api = minutes_ready(org), minutes_ready(org)
    page_for(client, org.tracker).post(reverse("meetings:minutes-publish", args=[by_page.code]))
    api_for(org.tracker).post(api_url(by_api, "publish-minutes"))
    for meeting in (by_page, by_api):
        minutes = Minutes.objects.get(meeting=meeting)
        assert minutes.status == Minutes.Status.PUBLISHED and minutes.versions.count() == 1


def test_only_the_minute_takers_publish_on_either_door(client, org):
    meeting = minutes_ready(org)
    page = page_for(client, org.fin_head).post(
        reverse("meetings:minutes-publish", args=[meeting.code]), follow=True
    )
    api = api_for(org.fin_head).post(api_url(meeting, "publish-minutes"))
    assert api.status_code == 403
    assert api.json()["detail"] in page_messages(page)
    assert not MinutesVersion.objects.exists()


def test_a_correction_without_a_note_is_refused_beside_the_field_on_both(client, org):
    meeting = published_meeting(org)
    page = page_for(client, org.tracker).post(
        reverse("meetings:minutes-correct", args=[meeting.code]), {"note": " "}
    )
    assert page.status_code == 400 and page.context["correct_form"].errors["note"]
    api = api_for(org.tracker).post(api_url(meeting, "correct-minutes"), {"note": " "})
    assert api.status_code == 400 and "note" in api.json()["fields"]
    assert Minutes.objects.get(meeting=meeting).version == 1


def test_a_process_form_without_nodes_is_refused_on_both(client, org):
    meeting = published_meeting(org)
    form = {
        "kind": "process",
        "summary": "Finance first.",
        "nodes-TOTAL_FORMS": "4",
        "nodes-INITIAL_FORMS": "0",
    }
    page = page_for(client, org.lead).post(
        reverse("meetings:minutes-formalise", args=[meeting.code]), form
    )
    assert page.status_code == 400
    api = api_for(org.lead).post(
        api_url(meeting, "formalize"), {"kind": "process", "summary": "Finance first."}
    )
    reason = api.json()["fields"]["nodes"][0]
    assert reason in page.content.decode()
    assert not Formalisation.objects.exists()


def test_a_process_form_is_created_the_same_way_on_both(client, org):
    meeting = published_meeting(org)
    form = {
        "kind": "process",
        "summary": "Finance first.",
        "nodes-TOTAL_FORMS": "4",
        "nodes-INITIAL_FORMS": "0",
        "nodes-0-name": "Request",
        "nodes-0-department": org.marketing.pk,
        "nodes-1-name": "Approve",
        "nodes-1-department": org.finance.pk,
    }
    response = page_for(client, org.lead).post(
        reverse("meetings:minutes-formalise", args=[meeting.code]), form
    )
    assert response.status_code == 302
    api_for(org.lead).post(
        api_url(meeting, "formalize"),
        {
            "kind": "process",
            "summary": "Finance first.",
            "nodes": [
                {"name": "Request", "department": "MKT"},
                {"name": "Approve", "department": "FIN"},
            ],
        },
        format="json",
    )
    by_page, by_api = Formalisation.objects.order_by("pk")
    for formalisation in (by_page, by_api):
        nodes = formalisation.process_nodes.order_by("position")
        assert [(n.name, n.department.code) for n in nodes] == [
            ("Request", "MKT"),
            ("Approve", "FIN"),
        ]


def test_the_same_pdf_text_through_page_and_api(client, org):
    meeting = published_meeting(org)
    page = page_for(client, org.fin_head).get(
        reverse("meetings:minutes-pdf", args=[meeting.code, 1]), {"lang": "en"}
    )
    api = api_for(org.fin_head).get(api_url(meeting, "minutes-pdf"), {"lang": "en"})
    texts = [pdf_text(response.content) for response in (page, api)]
    assert has(texts[0], "Book the launch budget") and has(texts[1], "Book the launch budget")
