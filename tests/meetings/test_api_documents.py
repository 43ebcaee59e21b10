"""Publishing, correcting and formalising minutes over the API, and the minutes PDF."""

import pytest
from django.core import mail

from collab.models import SignatureRequest
from meetings.models import Formalisation, Minutes, MinutesVersion
from tests.meetings import builders
from tests.meetings.documents_builders import has, minutes_ready, pdf_text, published_meeting
from tests.tasks.api_support import api_for, assert_field_error, assert_refused

pytestmark = pytest.mark.django_db


def url(meeting, action):
    return f"/api/v1/meetings/{meeting.code}/{action}/"


def test_publish_minutes_answers_the_frozen_version(org):
    meeting = minutes_ready(org)
    response = api_for(org.tracker).post(url(meeting, "publish-minutes"))
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1 and response.json()["published_by"] == "刘洋"
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.PUBLISHED


def test_publishing_without_conclusions_is_a_field_error_and_nothing_changes(org):
    meeting = builders.held_meeting(org)
    from meetings import services

    services.minutes_save(
        meeting=meeting, by=org.tracker, data=builders.minutes_input(org, conclusions=[])
    )
    assert_field_error(api_for(org.tracker).post(url(meeting, "publish-minutes")), "conclusions")
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.DRAFT
    assert not MinutesVersion.objects.exists()


def test_publishing_twice_is_refused_by_state(org):
    meeting = published_meeting(org)
    assert_refused(api_for(org.tracker).post(url(meeting, "publish-minutes")), 409, "invalid_state")
    assert MinutesVersion.objects.count() == 1


def test_someone_else_who_sees_the_meeting_may_not_publish(org):
    meeting = minutes_ready(org)
    assert_refused(api_for(org.fin_head).post(url(meeting, "publish-minutes")), 403, "forbidden")


def test_a_correction_opens_version_two(org):
    meeting = published_meeting(org)
    api = api_for(org.tracker)
    assert_field_error(api.post(url(meeting, "correct-minutes"), {"note": ""}), "note")
    response = api.post(url(meeting, "correct-minutes"), {"note": "Typo."}, format="json")
    assert response.json() == {"status": "draft", "version": 2}


def test_formalize_asks_the_involved_heads_and_lists_the_formalisation(org):
    meeting = published_meeting(org)
    payload = {
        "kind": "process",
        "summary": "Budget requests go through Finance.",
        "nodes": [
            {"name": "Request", "department": "MKT"},
            {"name": "Approve", "department": "FIN"},
        ],
    }
    response = api_for(org.lead).post(url(meeting, "formalize"), payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["code"] == f"{meeting.code}-PA1" and body["signature_request"]["status"] == "pending"
    )
    assert [n["department"] for n in body["nodes"]] == ["MKT", "FIN"]
    request = SignatureRequest.objects.get(pk=body["signature_request"]["id"])
    assert {p.user for p in request.required_signers.all()} == {
        org.mkt_head,
        org.fin_head,
        org.tec_head,
    }
    listed = api_for(org.fin_head).get(url(meeting, "formalisations")).json()
    assert [row["code"] for row in listed] == [body["code"]]


def test_formalize_with_bad_input_answers_field_errors_and_saves_nothing(org):
    meeting = published_meeting(org)
    api = api_for(org.lead)
    bad_department = {
        "kind": "process",
        "summary": "x",
        "nodes": [{"name": "A", "department": "NOPE"}],
    }
    assert_field_error(api.post(url(meeting, "formalize"), bad_department, format="json"), "nodes")
    no_nodes = {"kind": "process", "summary": "x", "nodes": []}
    assert_field_error(api.post(url(meeting, "formalize"), no_nodes, format="json"), "nodes")
    assert_field_error(
        api.post(url(meeting, "formalize"), {"kind": "memo", "summary": "x"}, format="json"), "kind"
    )
    assert not Formalisation.objects.exists()


@pytest.mark.parametrize(
    "language, word", [("en", "Participating departments"), ("zh-hans", "财务部")]
)
def test_the_minutes_pdf_downloads_in_either_language(org, language, word):
    meeting = published_meeting(org)
    response = api_for(org.fin_head).get(
        url(meeting, "minutes-pdf"), {"lang": language, "version": 1}, HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert has(pdf_text(content), word)


def test_outsiders_get_404_on_every_documents_action(org):
    meeting = published_meeting(org)
    api = api_for(org.outsider)
    mail.outbox.clear()
    assert api.get(url(meeting, "minutes-pdf")).status_code == 404
    assert api.get(url(meeting, "formalisations")).status_code == 404
    assert api.post(url(meeting, "publish-minutes")).status_code == 404
    assert (
        api.post(url(meeting, "formalize"), {"kind": "letter", "summary": "x"}).status_code == 404
    )
    assert not Formalisation.objects.exists()


def test_an_unknown_version_or_language_is_refused_without_a_server_error(org):
    meeting = published_meeting(org)
    api = api_for(org.fin_head)
    assert api.get(url(meeting, "minutes-pdf"), {"version": 7}).status_code == 404
    assert_field_error(api.get(url(meeting, "minutes-pdf"), {"version": "x"}), "version")
    assert_field_error(api.get(url(meeting, "minutes-pdf"), {"lang": "fr"}), "lang")


def test_the_formalisations_list_runs_constant_queries(org, django_assert_max_num_queries):
    from meetings import services

    meeting = published_meeting(org)

    def formalise(count):
        for _number in range(count):
            services.minutes_formalise(
                meeting=meeting,
                by=org.lead,
                kind="process",
                summary="Finance first.",
                nodes=[
                    services.ProcessNodeRow("Request", org.marketing),
                    services.ProcessNodeRow("Approve", org.finance),
                ],
            )

    api = api_for(org.fin_head)
    formalise(1)
    with django_assert_max_num_queries(20) as few:
        assert len(api.get(url(meeting, "formalisations")).json()) == 1
    formalise(3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url(meeting, "formalisations")).json()) == 4
