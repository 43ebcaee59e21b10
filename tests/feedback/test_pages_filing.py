"""The "File a feedback form" page: defaults, the receiving contact it fills in, every bad
input of the issue as a field error with nothing stored, attachments downloaded only by
those who may see the form, and a constant number of queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackForm
from tests.factories import DepartmentFactory
from tests.tasks import builders as card_builders

from . import builders
from .test_services_filing import nothing_stored, pdf

pytestmark = pytest.mark.django_db

NEW = "/feedback/new/"


def page(client, user):
    client.force_login(user)
    return client


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def post_data(org, **changes) -> dict:
    """What a browser posts for builders.feedback_input's form."""
    data = {
        "initiating_department": org.marketing.pk,
        "phone_extension": "8123",
        "urgency": "normal",
        "kind": "fault_or_complaint",
        "kind_other": "",
        "background": "支付页在活动期间访问量翻倍。",
        "current_situation": "Checkout fails for one order in twenty since Monday.",
        "expectation": "Find the cause and fix it before the weekend campaign.",
        "receiving_department": org.technology.pk,
        "receiving_contact": "",
        "involved_departments": [org.finance.pk],
        "expected_completion": local(timezone.now() + dt.timedelta(days=7)),
        "card": "",
        "related_item": "",
    }
    data.update(changes)
    return data


def test_the_url_names_the_page(org):
    assert reverse("feedback:feedback-create") == NEW


def test_the_new_form_starts_from_my_department_my_extension_and_the_sla_times(org, client):
    org.initiator.phone_extension = "8123"
    org.initiator.save()
    html = page(client, org.initiator).get(NEW).content.decode()
    assert f'<option value="{org.marketing.pk}" selected>' in html
    assert 'value="8123"' in html
    assert 'value="normal"' in html and "checked" in html
    for promise in (
        "respond within 3 working days",
        "respond within 24 hours",
        "respond within 4 hours",
    ):
        assert promise in html
    # Only the departments I belong to may ask.
    assert html.count(f'value="{org.legal.pk}"') == 2  # receiving + involved, not initiating
    assert "Three short answers instead of one long text" in html


def test_a_card_i_can_see_is_prefilled_and_one_i_cannot_is_ignored(org, client):
    card = card_builders.draft_card(org)
    html = page(client, org.initiator).get(f"{NEW}?card={card.code.lower()}").content.decode()
    assert f'<option value="{card.code}" selected>' in html
    html = page(client, org.outsider).get(f"{NEW}?card={card.code}").content.decode()
    assert f'value="{card.code}"' not in html


def test_choosing_the_receiving_department_fills_in_its_contact(org, client):
    url = reverse("feedback:receiving-contact")
    html = (
        page(client, org.initiator)
        .get(url, {"receiving_department": org.technology.pk})
        .content.decode()
    )
    assert f'<option value="{org.tec_contact.pk}" selected>' in html
    assert "Liam Foster (contact)" in html and "赵强 (head)" in html
    assert "Tom Tech" not in html  # a member, not a contact
    assert 'data-testid="receiving-contact"' in html and org.tec_contact.email in html
    html = client.get(
        url, {"receiving_department": org.technology.pk, "receiving_contact": org.tec_head.pk}
    ).content.decode()
    assert f'<option value="{org.tec_head.pk}" selected>' in html
    assert org.tec_head.email in html
    empty = client.get(url, {"receiving_department": "nonsense"})
    assert empty.status_code == 200 and "Choose the receiving department" in empty.text


def test_filing_goes_to_the_form_with_a_success_message(org, client):
    response = page(client, org.initiator).post(
        NEW, post_data(org, attachments=[pdf("a.pdf"), pdf("b.pdf")]), follow=True
    )
    form = FeedbackForm.objects.get()
    assert response.redirect_chain[-1][0] == f"/feedback/{form.code}/"
    assert f"Feedback form {form.code} is filed" in response.content.decode()
    assert form.receiving_contact == org.tec_contact
    assert list(form.involved_departments.all()) == [org.finance]
    assert form.attachments.count() == 2


def test_the_contact_chosen_is_kept(org, client):
    page(client, org.initiator).post(NEW, post_data(org, receiving_contact=org.tec_head.pk))
    assert FeedbackForm.objects.get().receiving_contact == org.tec_head


BAD_INPUT = {
    "no background": ({"background": " "}, "background"),
    "no current situation": ({"current_situation": ""}, "current_situation"),
    "no expectation": ({"expectation": ""}, "expectation"),
    "completion in the past": ({"expected_completion": "past"}, "expected_completion"),
    "receiving is initiating": ({"receiving_department": "marketing"}, "receiving_department"),
    "other with no text": ({"kind": "other", "kind_other": ""}, "kind_other"),
    "disallowed attachment": ({"attachments": "page"}, "attachments"),
    "oversized attachment": ({"attachments": "big"}, "attachments"),
}


def bad_post(org, changes: dict) -> dict:
    changes = dict(changes)
    if changes.get("expected_completion") == "past":
        changes["expected_completion"] = local(timezone.now() - dt.timedelta(hours=2))
    if changes.get("receiving_department") == "marketing":
        changes["receiving_department"] = org.marketing.pk
    if changes.get("attachments") == "page":
        changes["attachments"] = [pdf(), SimpleUploadedFile("x.html", b"<html></html>")]
    elif changes.get("attachments") == "big":
        changes["attachments"] = [pdf(), pdf("scan.pdf", size=2048)]
    return post_data(org, **changes)


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_shown_beside_its_field_and_nothing_is_stored(org, client, settings, case):
    settings.CROSSDESK_MAX_UPLOAD_BYTES = 1024
    changes, field = case
    response = page(client, org.initiator).post(NEW, bad_post(org, changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'class="error-summary"' in html and f'href="#id_{field}' in html
    assert response.context["form"].errors[field]
    assert nothing_stored(settings)


def test_an_attachment_downloads_for_those_who_see_the_form_and_404_for_others(org, client):
    form = builders.feedback_form(org, attachments=[pdf("scan.pdf")])
    attachment = form.attachments.get()
    url = reverse("feedback:attachment-download", args=[form.code, attachment.pk])
    tab = page(client, org.tec_contact).get(f"/feedback/{form.code}/?tab=form").content.decode()
    assert url in tab and "scan.pdf" in tab
    for person in (org.tec_contact, org.fin_contact, org.initiator):
        response = page(client, person).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    for person in (org.outsider, org.drifter):
        assert page(client, person).get(url).status_code == 404
    other = builders.feedback_form(org)
    wrong_form = reverse("feedback:attachment-download", args=[other.code, attachment.pk])
    assert page(client, org.initiator).get(wrong_form).status_code == 404


def test_a_form_without_files_says_so(org, client):
    form = builders.feedback_form(org)
    html = page(client, org.initiator).get(f"/feedback/{form.code}/").content.decode()
    assert "No files were attached." in html


def add_departments_and_cards(org, count: int) -> None:
    for n in range(count):
        DepartmentFactory(code=f"X{n:02d}", name_en=f"Extra {n}", name_zh=f"部门{n}")
        card_builders.draft_card(org, title=f"Card {n}")


@pytest.mark.parametrize("count", [2, 20])
def test_the_new_form_page_costs_the_same_queries_for_2_or_20_departments_and_cards(
    org, client, count, django_assert_max_num_queries
):
    add_departments_and_cards(org, count)
    page(client, org.initiator)
    with django_assert_max_num_queries(9):
        response = client.get(NEW)
    assert response.content.decode().count("Extra ") >= 2 * count
    assert response.content.decode().count("Card ") >= count


def test_the_receiving_contact_finds_the_request_in_the_notification_centre(org, client):
    form = builders.feedback_form(org, urgency="critical")
    html = page(client, org.tec_contact).get("/notifications/").content.decode()
    assert f"Feedback form {form.code} from Marketing: please respond" in html
    # The head reads in Chinese: the department is named in the reader's language.
    html = page(client, org.mkt_head).get("/notifications/").content.decode()
    assert form.code in html and "技术部" in html


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "x"])
def test_tampered_ids_are_field_errors_never_500(org, client, value):
    page(client, org.initiator)
    url = reverse("feedback:receiving-contact")
    assert client.get(url, {"receiving_department": value}).status_code == 200
    contact = {"receiving_department": org.technology.pk, "receiving_contact": value}
    assert client.get(url, contact).status_code == 200
    for field in ("receiving_department", "receiving_contact", "initiating_department"):
        response = client.post(NEW, post_data(org, **{field: value}))
        assert response.status_code == 200 and response.context["form"].errors[field]
    assert not FeedbackForm.objects.exists()
