"""One rule, two doors: filing through the page and through the API refuses the same bad
input on the same field with the same words, and files the same form."""

import pytest

from feedback.models import FeedbackForm
from tests.tasks.api_support import api_for

from . import test_api_filing as api
from . import test_pages_filing as pages

pytestmark = pytest.mark.django_db

CASES = sorted(set(pages.BAD_INPUT) & set(api.BAD_INPUT))


def test_both_doors_cover_every_bad_input_of_the_issue():
    assert len(CASES) == len(pages.BAD_INPUT) == len(api.BAD_INPUT) == 8


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_alike_on_page_and_api(org, client, settings, case):
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 1024
    page_changes, field = pages.BAD_INPUT[case]
    api_changes, api_field = api.BAD_INPUT[case]
    assert field == api_field
    client.force_login(org.initiator)
    on_page = client.post(pages.NEW, pages.bad_post(org, page_changes))
    by_api = api_for(org.initiator).post(
        api.URL, api.bad_payload(org, api_changes), format="multipart"
    )
    page_messages = [str(message) for message in on_page.context["form"].errors[field]]
    assert by_api.status_code == 400
    assert page_messages == by_api.json()["fields"][field]
    assert not FeedbackForm.objects.exists()


def test_both_doors_file_the_same_form_with_the_same_defaults(org, client):
    client.force_login(org.initiator)
    data = pages.post_data(org)
    del data["phone_extension"]
    client.post(pages.NEW, data)
    payload = api.payload(org, urgency="normal")
    del payload["phone_extension"], payload["initiating_department"]
    api_for(org.initiator).post(api.URL, payload, format="json")
    by_page, by_api = FeedbackForm.objects.order_by("pk")
    for name in (
        "initiating_department",
        "phone_extension",
        "receiving_department",
        "receiving_contact",
        "urgency",
        "kind",
        "follow_up_every_hours",
    ):
        assert getattr(by_page, name) == getattr(by_api, name), name
    assert list(by_page.involved_departments.all()) == list(by_api.involved_departments.all())
