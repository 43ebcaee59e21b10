"""The form page's shell: every tab renders for whoever may see the form; others get 404."""

import pytest
from django.urls import reverse

from . import builders

TABS = ["form", "log", "items", "result", "documents", "history"]


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_renders_for_the_initiator_and_the_receiving_contact(client, org, tab):
    form = builders.feedback_form(org)
    url = reverse("feedback:feedback-detail", args=[form.code.lower()]) + f"?tab={tab}"

    for person in (org.initiator, org.tec_contact):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert form.code in response.content.decode()


@pytest.mark.parametrize("person", ["outsider", "drifter"])
def test_an_uninvolved_person_gets_404_on_the_page_and_the_api(client, org, person):
    form = builders.feedback_form(org)
    client.force_login(getattr(org, person))

    assert client.get(reverse("feedback:feedback-detail", args=[form.code])).status_code == 404
    assert client.get(f"/api/v1/feedback/{form.code}/").status_code == 404


def test_the_involved_department_sees_the_form(client, org):
    form = builders.feedback_form(org)
    client.force_login(org.fin_contact)

    assert client.get(reverse("feedback:feedback-detail", args=[form.code])).status_code == 200
    assert client.get(f"/api/v1/feedback/{form.code}/").json()["code"] == form.code
