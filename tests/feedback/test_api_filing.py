"""Filing over the API: JSON and multipart, defaults, every bad input of the issue as a 400
naming its field with nothing stored, and attachments downloaded only by those who may see
the form."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from collab.models import Notification
from feedback.models import FeedbackForm
from feedback.services.forms import SUBMITTED_REASON
from tests.tasks import builders as card_builders
from tests.tasks.api_support import api_for, assert_field_error

from . import builders
from .test_services_filing import nothing_stored, pdf

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback/"


def payload(org, **changes) -> dict:
    data = {
        "initiating_department": "mkt",
        "phone_extension": "8123",
        "urgency": "urgent",
        "kind": "fault_or_complaint",
        "background": "支付页在活动期间访问量翻倍。",
        "current_situation": "Checkout fails for one order in twenty since Monday.",
        "expectation": "Find the cause and fix it before the weekend campaign.",
        "receiving_department": "TEC",
        "involved_departments": ["FIN"],
        "expected_completion": (timezone.now() + dt.timedelta(days=7)).isoformat(),
    }
    data.update(changes)
    return data


def test_filing_answers_201_with_the_whole_form(org):
    response = api_for(org.initiator).post(URL, payload(org), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    form = FeedbackForm.objects.get()
    assert body["code"] == form.code and body["urgency"] == "urgent"
    assert body["initiating_department"] == "MKT" and body["receiving_department"] == "TEC"
    assert body["receiving_contact"]["id"] == org.tec_contact.pk
    assert body["involved_departments"] == ["FIN"]
    assert body["sla_status"] == "on_track" and body["attachments"] == []
    assert Notification.objects.filter(reason=SUBMITTED_REASON).count() == 2


def test_left_out_fields_take_their_defaults(org):
    org.initiator.phone_extension = "8000"
    org.initiator.save()
    data = payload(org)
    for name in ("initiating_department", "phone_extension", "urgency"):
        del data[name]
    body = api_for(org.initiator).post(URL, data, format="json").json()
    assert (body["initiating_department"], body["phone_extension"], body["urgency"]) == (
        "MKT",
        "8000",
        "normal",
    )


def test_people_by_id_and_a_card_by_code(org):
    card = card_builders.draft_card(org)
    data = payload(org, receiving_contact=org.tec_head.pk, card=card.code.lower())
    body = api_for(org.initiator).post(URL, data, format="json").json()
    assert body["receiving_contact"]["id"] == org.tec_head.pk and body["card"] == card.code
    hidden = api_for(org.outsider).post(
        URL, payload(org, initiating_department="LEG", card=card.code), format="json"
    )
    assert_field_error(hidden, "card")


def test_multipart_files_are_attached_and_download_for_those_who_see_the_form(org):
    data = payload(org, attachments=[pdf("a.pdf"), pdf("b.pdf", size=3)])
    response = api_for(org.initiator).post(URL, data, format="multipart")
    assert response.status_code == 201, response.json()
    attachments = response.json()["attachments"]
    assert [(a["name"], a["size"]) for a in attachments] == [("a.pdf", 9), ("b.pdf", 12)]
    assert response.json()["involved_departments"] == ["FIN"]
    url = attachments[0]["url"]
    for person in (org.initiator, org.tec_contact, org.fin_head):
        download = api_for(person).get(url)
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        body = b"".join(download.streaming_content) if download.streaming else download.content
        assert body.startswith(b"%PDF")
    for person in (org.outsider, org.drifter):
        refused = api_for(person).get(url)
        assert refused.status_code == 404 and refused.json()["code"] == "not_found"


BAD_INPUT = {
    "no background": ({"background": ""}, "background"),
    "no current situation": ({"current_situation": "  "}, "current_situation"),
    "no expectation": ({"expectation": ""}, "expectation"),
    "completion in the past": ({"expected_completion": "past"}, "expected_completion"),
    "receiving is initiating": ({"receiving_department": "MKT"}, "receiving_department"),
    "other with no text": ({"kind": "other", "kind_other": ""}, "kind_other"),
    "disallowed attachment": ({"attachments": "page"}, "attachments"),
    "oversized attachment": ({"attachments": "big"}, "attachments"),
}


def bad_payload(org, changes: dict) -> dict:
    changes = dict(changes)
    if changes.get("expected_completion") == "past":
        changes["expected_completion"] = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    if changes.get("attachments") == "page":
        changes["attachments"] = [pdf(), SimpleUploadedFile("x.html", b"<html></html>")]
    elif changes.get("attachments") == "big":
        changes["attachments"] = [pdf(), pdf("scan.pdf", size=2048)]
    return payload(org, **changes)


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_stored(org, settings, case):
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 1024
    changes, field = case
    response = api_for(org.initiator).post(URL, bad_payload(org, changes), format="multipart")
    body = assert_field_error(response, field)
    assert body["code"] == "invalid"
    assert nothing_stored(settings)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"receiving_department": "NOPE"}, "receiving_department"),
        ({"involved_departments": "FIN"}, "involved_departments"),
        ({"urgency": "whenever"}, "urgency"),
        ({"expected_completion": "tomorrow"}, "expected_completion"),
        ({"receiving_contact": 999999}, "receiving_contact"),
        ({"receiving_contact": 99999999999999999999}, "receiving_contact"),
        ({"receiving_contact": {"name": "x"}}, "receiving_contact"),
        ({"card": "TC-2026-9999"}, "card"),
        ({"attachments": "not a file"}, "attachments"),
        ({"initiating_department": "FIN"}, "initiating_department"),
        ({"involved_departments": ["TEC"]}, "involved_departments"),
    ],
)
def test_malformed_or_refused_values_are_field_errors_never_500(org, changes, field):
    response = api_for(org.initiator).post(URL, payload(org, **changes), format="json")
    assert_field_error(response, field)
    assert not FeedbackForm.objects.exists()


def test_a_retry_with_the_same_idempotency_key_files_once(org):
    client, data = api_for(org.initiator), payload(org)
    first = client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    assert FeedbackForm.objects.count() == 1


def test_anonymous_callers_file_nothing(org):
    from rest_framework.test import APIClient

    assert APIClient().post(URL, payload(org), format="json").status_code == 401
    assert not FeedbackForm.objects.exists()


def test_the_detail_lists_attachments_without_a_query_per_file(org, django_assert_max_num_queries):
    few = builders.feedback_form(org, attachments=[pdf("a.pdf")])
    many = builders.feedback_form(org, attachments=[pdf(f"{n}.pdf") for n in range(8)])
    client = api_for(org.tec_contact)
    counts = []
    for form in (few, many):
        with django_assert_max_num_queries(12) as captured:
            body = client.get(f"{URL}{form.code}/").json()
        counts.append(len(captured.captured_queries))
        assert len(body["attachments"]) == form.attachments.count()
    assert counts[0] == counts[1]


def test_the_schema_documents_filing_and_the_download():
    from tests.tasks.test_api_contract import api_schema

    paths = api_schema()["paths"]
    create = paths["/api/v1/feedback/"]["post"]
    assert {"201", "400", "401"} <= set(create["responses"])
    assert {"application/json", "multipart/form-data"} <= set(create["requestBody"]["content"])
    download = paths["/api/v1/feedback/{code}/attachments/{id}/"]["get"]
    assert {"200", "401", "404"} <= set(download["responses"])
    detail = api_schema()["components"]["schemas"]["FeedbackDetail"]["properties"]
    assert detail["attachments"]["items"]["$ref"].endswith("/FeedbackAttachment")
