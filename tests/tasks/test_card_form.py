"""The card form: its sections, its defaults, and every error in one round with a summary."""

import re

import pytest
from django.urls import reverse

from tasks.models import Card, CardDepartment

from .test_pages import card_form_data

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'<a href="#([^"]+)"', summary.group(0))


def test_the_new_card_form_is_in_sections_and_defaults_to_me(client, org):
    client.force_login(org.lead)
    html = client.get(reverse("tasks:card-create")).content.decode()
    for section in ("section-what", "section-who", "section-departments", "section-dates"):
        assert f'id="{section}"' in html
    assert html.index("section-what") < html.index("section-departments")
    assert re.search(rf'<option value="{org.marketing.pk}" selected>', html), (
        "initiating department is not mine"
    )
    lead = re.search(r'<select name="lead".*?</select>', html, re.S).group(0)
    assert f'<option value="{org.lead.pk}" selected>' in lead
    # A person picker lists the chosen person only, not the whole company.
    assert lead.count("<option") == 2  # the empty choice and me
    assert "data-people-search" in lead
    assert "There is a problem" not in html


def test_an_empty_card_form_shows_every_error_in_one_round(client, org):
    client.force_login(org.lead)
    data = {
        "departments-TOTAL_FORMS": "1",
        "departments-INITIAL_FORMS": "0",
        "departments-0-department": org.finance.pk,
        "departments-0-role": "resources",
        "departments-0-responsibilities": "",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("tasks:card-create"), data)
    assert response.status_code == 200
    assert not Card.objects.exists()
    html = response.content.decode()
    links = summary_links(html)
    for field in ("title", "goal", "in_scope", "planned_start", "planned_end", "lead"):
        assert f"id_{field}" in links, field
    # The row's own error is in the summary too, with a link to its field.
    assert "id_departments-0-responsibilities" in links
    # Every link leads to an element of the page.
    for anchor in links:
        assert f'id="{anchor}"' in html, anchor
    assert 'role="alert"' in html and "There is a problem" in html
    assert 'aria-describedby="id_title_error"' in html
    assert 'aria-invalid="true"' in html


def test_rules_of_the_card_are_judged_with_the_missing_fields(client, org):
    """A missing title and an end before the start come back together, not one by one."""
    client.force_login(org.lead)
    data = card_form_data(
        org,
        title="",
        planned_start="2026-12-31",
        planned_end="2026-11-02",
        **{"milestones-TOTAL_FORMS": "0", "departments-1-contact": org.fin_contact.pk},
    )
    response = client.post(reverse("tasks:card-create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    links = summary_links(html)
    assert "id_title" in links
    assert "id_planned_end" in links
    assert "The planned end must not be before the planned start." in html
    # Technology's row names a Finance person: the service's row rule, in the same round.
    assert "departments-errors" in links
    assert "does not belong to" in html
    assert not Card.objects.exists()


def test_a_department_row_left_without_contact_gets_the_departments_contact(client, org):
    client.force_login(org.lead)
    data = card_form_data(org, **{"departments-0-contact": "", "departments-1-contact": ""})
    response = client.post(reverse("tasks:card-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = CardDepartment.objects.order_by("position")
    assert [row.contact for row in rows] == [org.fin_contact, org.tec_contact]


def test_a_department_with_no_contact_nor_head_is_refused_with_a_reason(client, org):
    client.force_login(org.lead)
    data = card_form_data(
        org,
        **{
            "departments-TOTAL_FORMS": "3",
            "departments-0-contact": "",
            "departments-2-department": org.legal.pk,
            "departments-2-role": "support",
            "departments-2-responsibilities": "Review the contract",
            "departments-2-contact": "",
        },
    )
    response = client.post(reverse("tasks:card-create"), data)
    assert response.status_code == 200
    assert "Choose a contact for Legal" in response.content.decode()
    assert not Card.objects.exists()


def test_a_person_not_allowed_for_a_field_is_refused_on_the_server(client, org):
    org.drifter.is_active = False
    org.drifter.save()
    client.force_login(org.lead)
    response = client.post(reverse("tasks:card-create"), card_form_data(org, lead=org.drifter.pk))
    assert response.status_code == 200
    assert "id_lead" in summary_links(response.content.decode())
    assert not Card.objects.exists()


def test_every_form_page_shows_the_summary(client, org):
    """The summary lives in includes/form.html: the item form has it too."""
    from . import builders

    card = builders.active_card(org)
    client.force_login(org.lead)
    response = client.post(reverse("tasks:card-item-create", args=[card.code]), {"title": ""})
    links = summary_links(response.content.decode())
    assert {"id_title", "id_owner", "id_due_date"} <= set(links)


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_a_tampered_person_id_is_a_field_error_not_a_crash(client, org, value):
    client.force_login(org.lead)
    data = card_form_data(org, lead=value, **{"departments-0-contact": value})
    response = client.post(reverse("tasks:card-create"), data)
    assert response.status_code == 200
    links = summary_links(response.content.decode())
    assert {"id_lead", "id_departments-0-contact"} <= set(links)
    assert not Card.objects.exists()
