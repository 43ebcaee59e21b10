"""A feedback form's whole life in a browser (the issue's flow): the initiator files an
urgent form; the receiving contact acknowledges, writes in the log, adds an action item and
resolves; the initiator rates 4 with the keyboard; both heads sign; the PDF downloads with
the three descriptions and the signers. Every step accessible (axe-core)."""

import os
import subprocess

import pytest
from playwright.sync_api import Page, expect

from feedback.models import FeedbackForm
from tests.e2e.pickers import pick_person
from tests.e2e.test_shell import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("FEEDBACK_SHOTS")  # a folder: save screenshots there too


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "en-GB",
        "accept_downloads": True,
    }


def log_in(page: Page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")


def shot(page: Page, name: str):
    if SHOTS:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})


def file_an_urgent_form(page: Page, live_server, org) -> FeedbackForm:
    log_in(page, live_server, org.initiator.username)
    page.goto(f"{live_server.url}/feedback/new/")
    page.locator("#id_urgency input[value=urgent]").check()
    page.locator("#id_kind input[value=fault_or_complaint]").check()
    page.locator("#id_background").fill("Traffic on the payment page doubled in the campaign.")
    page.locator("#id_current_situation").fill("Checkout fails for one order in twenty.")
    page.locator("#id_expectation").fill("Find the cause before the weekend campaign.")
    page.locator("#id_receiving_department").select_option(str(org.technology.pk))
    expect(page.get_by_test_id("receiving-contact")).to_contain_text("Liam Foster")
    page.locator("#id_expected_completion").fill("2031-03-05T18:00")
    page.locator("form.feedback-form button[type=submit]").click()
    form = FeedbackForm.objects.get()
    expect(page).to_have_url(f"{live_server.url}/feedback/{form.code}/")
    expect(page.get_by_test_id("sla-state")).to_contain_text("on track")
    return form


def sign_as(page: Page, live_server, head, url):
    """A head (reading Chinese) opens the form's documents tab and signs in one click."""
    log_in(page, live_server, head.username)
    page.goto(url + "?tab=documents")
    page.get_by_test_id("feedback-sign").click()
    assert_accessible(page)
    page.get_by_label("批准").check()
    page.get_by_label("您的密码").fill(PASSWORD)
    page.get_by_role("button", name="签署").click()
    expect(page.get_by_role("status").first).to_contain_text("您的决定已记录")


def test_file_acknowledge_log_resolve_rate_sign_and_download(
    page: Page, live_server, org, tmp_path
):
    form = file_an_urgent_form(page, live_server, org)
    url = f"{live_server.url}/feedback/{form.code}/"

    log_in(page, live_server, org.tec_contact.username)
    page.goto(url)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_test_id("feedback-status")).to_have_text("acknowledged")
    expect(page.get_by_test_id("feedback-log")).to_contain_text("Liam Foster")

    page.get_by_label("What was said or done").fill("Reproduced on the staging server.")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_test_id("feedback-log")).to_contain_text("Reproduced on the staging")
    assert_accessible(page)
    shot(page, "log")

    page.goto(url + "?tab=items")
    page.get_by_label("What", exact=True).fill("Patch the payment retry")
    pick_person(page, "id_item-owner", "Tom Tech", typed="Tom")
    page.get_by_label("Due date").fill("2030-01-15")
    page.get_by_role("button", name="Add the action item").click()
    expect(page.get_by_test_id("feedback-items")).to_contain_text("Patch the payment retry")
    assert_accessible(page)
    shot(page, "items")

    page.goto(url + "?tab=result")
    page.get_by_role("button", name="Resolve").click()  # nothing filled in: field errors
    expect(page.get_by_role("alert")).to_contain_text("Describe the solution.")
    assert_accessible(page)
    page.get_by_label("Solution").fill("The retry no longer submits twice.")
    page.get_by_label("Responsible person").select_option(label="Tom Tech")
    page.get_by_role("button", name="Resolve").click()
    expect(page.get_by_test_id("feedback-resolution")).to_contain_text("Tom Tech")
    shot(page, "resolved")

    log_in(page, live_server, org.initiator.username)
    page.goto(url)
    page.get_by_test_id("rate-link").click()
    assert_accessible(page)
    shot(page, "rate")
    # The rating is a radio group a keyboard reaches and moves through.
    page.get_by_label("1 · very dissatisfied").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("4 · satisfied")).to_be_checked()
    page.get_by_label("Comment").fill("Quick and clear.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("feedback-status")).to_have_text("confirmed")
    expect(page.get_by_test_id("feedback-rating")).to_contain_text("4 of 5")
    assert_accessible(page)
    shot(page, "confirmed")

    log_in(page, live_server, org.tec_head.username)  # reads Chinese
    page.goto(url + "?tab=log")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 900})  # the log as a list on a phone
    assert_accessible(page)
    expect(page.get_by_test_id("feedback-log")).to_contain_text("Quick and clear.")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "log-zh")
    page.goto(url + "?tab=result")
    shot(page, "result-zh")

    sign_as(page, live_server, org.mkt_head, url)
    sign_as(page, live_server, org.tec_head, url)
    page.goto(url + "?tab=documents")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("feedback-pdf-en").click()
    path = tmp_path / "form.pdf"
    download.value.save_as(path)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for words in (
        "Traffic on the payment page doubled",
        "Checkout fails for one order in twenty.",
        "Find the cause before the weekend campaign.",
        "李娜",
        "赵强",
    ):
        assert words in text, words
