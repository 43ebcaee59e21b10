"""Filing a feedback form in Chromium: the receiving contact filled in as the department is
chosen, "other" asking for its name, an error summary that takes focus, then the form's
page with its attachment; in English and Chinese, on a desktop and a phone, checked with
axe-core. Set SHOTS_DIR to keep screenshots."""

import re

import pytest
from playwright.sync_api import Page, expect

from feedback.models import FeedbackForm
from tests.e2e.test_card_lifecycle import log_in
from tests.e2e.test_meeting_calling import shot
from tests.e2e.test_shell import assert_accessible
from tests.tasks import builders as card_builders

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HTMX_IDLE = (
    "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


# English on a desktop and Chinese on a phone: each language and width once.
@pytest.mark.parametrize(("language", "width"), [("en", 1366), ("zh-hans", 390)])
def test_file_an_urgent_form_with_an_attachment(
    page: Page, live_server, org, language, width, tmp_path
):
    org.initiator.language = language
    org.initiator.phone_extension = "8123"
    org.initiator.save(update_fields=["language", "phone_extension"])
    card = card_builders.draft_card(org)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "mkt.contact")
    page.goto(f"{live_server.url}/feedback/new/?card={card.code}")

    expect(page.locator("#id_phone_extension")).to_have_value("8123")
    expect(page.locator("#id_card option:checked")).to_contain_text(card.code)
    expect(page.locator("#id_kind_other")).to_be_hidden()
    page.locator("#id_urgency input[value=urgent]").check()
    page.locator("#id_kind input[value=other]").check()
    expect(page.locator("#id_kind_other")).to_be_visible()
    page.locator("#id_kind_other").fill("Office move")
    page.locator("#id_background").fill("支付页在活动期间访问量翻倍。")
    page.locator("#id_current_situation").fill("Checkout fails for one order in twenty.")
    page.locator("#id_receiving_department").select_option(str(org.technology.pk))
    details = page.get_by_test_id("receiving-contact")
    expect(details).to_contain_text("Liam Foster")
    expect(page.locator("#id_receiving_contact option:checked")).to_contain_text("Liam Foster")
    # The contact select was just swapped in: let htmx finish settling (and wire its change
    # handler) before choosing, or a busy machine loses the choice's refresh.
    page.wait_for_function(HTMX_IDLE)
    page.locator("#id_receiving_contact").select_option(str(org.tec_head.pk))
    expect(details).to_contain_text("赵强")
    page.locator(f"#id_involved_departments input[value='{org.finance.pk}']").check()
    page.locator("#id_expected_completion").fill("2031-03-05T18:00")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7\n%scan\n")
    page.locator("#id_attachments").set_input_files(str(scan))
    assert_accessible(page)
    shot(page, f"feedback-new-{language}-{width}")

    # The expectation is missing: the summary takes focus and names the field.
    page.locator("form.feedback-form button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#id_expectation")).to_have_attribute("aria-invalid", "true")
    assert not FeedbackForm.objects.exists()
    assert_accessible(page)
    shot(page, f"feedback-error-{language}-{width}")
    summary.locator("a").first.click()
    expect(page.locator("#id_expectation")).to_be_focused()
    page.locator("#id_expectation").fill("Find the cause before the weekend campaign.")
    # The files of a refused post are not kept by the browser: choose it again.
    page.locator("#id_attachments").set_input_files(str(scan))
    page.locator("form.feedback-form button[type=submit]").click()

    form = FeedbackForm.objects.get()
    expect(page).to_have_url(f"{live_server.url}/feedback/{form.code}/")
    expect(page.locator(".messages")).to_contain_text(form.code)
    assert (form.urgency, form.kind_other, form.receiving_contact) == (
        "urgent",
        "Office move",
        org.tec_head,
    )
    link = page.get_by_role("link", name="scan.pdf")
    expect(link).to_have_attribute("href", re.compile(r"/attachments/\d+/$"))
    assert_accessible(page)
    shot(page, f"feedback-filed-{language}-{width}")
