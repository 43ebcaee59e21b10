"""The documents tab: versions and PDFs, who publishing sends to, the forms, the
formalisations; outsiders get 404; the tab's queries do not grow with its rows."""

import pytest
from django.urls import reverse

from meetings import services
from tests.meetings.documents_builders import (
    has,
    minutes_ready,
    pdf_text,
    published_meeting,
    with_executives,
)

pytestmark = pytest.mark.django_db


def tab(meeting):
    return reverse("meetings:meeting-detail", args=[meeting.code]) + "?tab=documents"


def test_the_recorder_sees_who_publishing_sends_to_before_confirming(client, org):
    with_executives(org)
    meeting = minutes_ready(org)
    client.force_login(org.tracker)
    response = client.get(tab(meeting))
    recipients = response.context["recipients"]
    assert set(recipients.to) == {org.mkt_head, org.fin_head, org.tec_head, org.tec_member}
    assert set(recipients.cc) == {org.executive, org.fin_exec, org.tec_exec}
    page = response.content.decode()
    assert "Fiona Exec" in page and "Publish and send" in page


def test_someone_who_may_not_publish_sees_no_recipients_nor_button(client, org):
    meeting = minutes_ready(org)
    client.force_login(org.fin_head)
    response = client.get(tab(meeting))
    assert response.context["recipients"] is None
    assert "Publish and send" not in response.content.decode()


def test_published_versions_are_listed_with_pdfs_in_both_languages(client, org):
    meeting = published_meeting(org)
    services.minutes_correct(meeting=meeting, by=org.tracker, note="Typo.")
    services.minutes_publish(meeting=meeting, by=org.tracker)
    client.force_login(org.fin_head)
    page = client.get(tab(meeting)).content.decode()
    for number in (1, 2):
        for language in ("en", "zh-hans"):
            link = reverse("meetings:minutes-pdf", args=[meeting.code, number])
            assert f"{link}?lang={language}" in page


def test_the_pdf_download_is_an_attachment_in_the_language_asked_for(client, org):
    meeting = published_meeting(org)
    client.force_login(org.tec_member)  # an action-item owner
    response = client.get(reverse("meetings:minutes-pdf", args=[meeting.code, 1]), {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert has(pdf_text(response.content), "Participating departments")
    stored = client.get(
        reverse("meetings:minutes-pdf", args=[meeting.code, 1]), {"lang": "zh-hans"}
    )
    content = b"".join(stored.streaming_content) if stored.streaming else stored.content
    assert has(pdf_text(content), "财务部")


def test_outsiders_get_404_on_the_tab_the_downloads_and_the_actions(client, org):
    meeting = published_meeting(org)
    client.force_login(org.outsider)
    assert client.get(tab(meeting)).status_code == 404
    assert client.get(reverse("meetings:minutes-pdf", args=[meeting.code, 1])).status_code == 404
    for name in ("minutes-publish", "minutes-correct", "minutes-formalise"):
        assert client.post(reverse(f"meetings:{name}", args=[meeting.code])).status_code == 404


def test_unknown_version_or_language_is_404(client, org):
    meeting = published_meeting(org)
    client.force_login(org.fin_head)
    assert client.get(reverse("meetings:minutes-pdf", args=[meeting.code, 9])).status_code == 404
    response = client.get(reverse("meetings:minutes-pdf", args=[meeting.code, 1]), {"lang": "fr"})
    assert response.status_code == 404


def _formalise(org, meeting, count):
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


def test_the_tabs_queries_do_not_grow_with_versions_and_formalisations(
    client, org, django_assert_max_num_queries
):
    meeting = published_meeting(org)
    _formalise(org, meeting, 1)
    client.force_login(org.lead)
    with django_assert_max_num_queries(40) as few:
        client.get(tab(meeting))
    for _round in range(2):
        services.minutes_correct(meeting=meeting, by=org.tracker, note="Again.")
        services.minutes_publish(meeting=meeting, by=org.tracker)
    _formalise(org, meeting, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(tab(meeting))
    assert len(response.context["versions"]) == 3 and len(response.context["formalisations"]) == 4
