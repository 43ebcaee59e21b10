"""One card walked through its whole life in Chromium: creation with inline rows, an objection,
confirmations, signatures, an action item with a delay notice, acceptance, the retrospective."""

import subprocess

import pytest
from playwright.sync_api import Page, expect

from collab.models import User
from tasks.models import Card
from tests.factories import PASSWORD

from .pickers import pick_person
from .test_shell import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "accept_downloads": True, "locale": "en-GB"}


def log_in(page: Page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")


def open_card(page, live_server, card, tab="overview"):
    page.goto(f"{live_server.url}/cards/{card.code}/?tab={tab}")


def department_row(page, index, department, role, responsibilities, contact):
    page.locator(f"#id_departments-{index}-department").select_option(label=department)
    # Choosing the department proposes its contact; wait for it before changing it.
    expect(page.locator(f"#id_departments-{index}-contact option:checked")).not_to_have_text(
        "---------"
    )
    page.locator(f"#id_departments-{index}-role").select_option(role)
    page.locator(f"#id_departments-{index}-responsibilities").fill(responsibilities)
    pick_person(page, f"id_departments-{index}-contact", contact)


def sign(page, live_server, username):
    log_in(page, live_server, username)
    page.goto(f"{live_server.url}/signoffs/")
    page.get_by_role("link", name="Goal confirmation letter").click()
    page.get_by_label("approve").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign").click()
    expect(page.get_by_text("Your decision is recorded.")).to_be_visible()


def test_a_card_from_creation_to_retrospective(page: Page, live_server, org, tmp_path):
    # This walk reads the English interface (test_signoff.py covers signing in Chinese).
    User.objects.update(language="en")
    # 1. The initiator creates the card; department rows are added inline with htmx.
    log_in(page, live_server, "mkt.contact")
    page.goto(f"{live_server.url}/cards/new/")
    assert_accessible(page)
    page.get_by_label("Title").fill("新品上市协同")
    page.get_by_label("Initiating department").select_option(label="Marketing")
    pick_person(page, "id_lead", "Emma Clark", typed="emma")
    pick_person(page, "id_tracker", "刘洋")
    page.get_by_label("Goal").fill("Launch in 3 cities")
    page.get_by_label("In scope").fill("Pricing and stock")
    page.get_by_label("Planned start").fill("2026-11-02")
    page.get_by_label("Planned end").fill("2026-12-31")
    page.get_by_label("Acceptance by (head of department)").select_option(label="Finance")
    page.get_by_role("button", name="Add a department").click()
    department_row(page, 0, "Finance", "resources", "Approve the budget in 3 days", "吴婷")
    page.get_by_role("button", name="Add a department").click()
    department_row(
        page, 1, "Technology", "executor", "Ship the order page by 15 Dec", "Liam Foster"
    )
    page.get_by_role("button", name="Add a milestone").click()
    page.locator("#id_milestones-0-name").fill("Pricing agreed")
    page.locator("#id_milestones-0-due_date").fill("2026-11-20")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("card-status")).to_have_text("draft")
    card = Card.objects.get()
    assert card.departments.count() == 2

    page.get_by_role("button", name="Send for confirmation").click()
    expect(page.get_by_test_id("card-status")).to_have_text("confirming")

    # 2. Technology objects to the dates; the card goes back to draft.
    log_in(page, live_server, "tec.contact")
    open_card(page, live_server, card, "departments")
    page.get_by_role("link", name="Object").click()
    page.get_by_label("The objection concerns").select_option("dates")
    page.get_by_label("Objection", exact=False).and_(page.locator("textarea")).fill(
        "15 Dec is too early"
    )
    page.get_by_role("button", name="Send the objection").click()
    expect(page.get_by_test_id("card-status")).to_have_text("draft")

    # 3. The initiator sees the objection beside the dates, revises and sends again.
    log_in(page, live_server, "mkt.contact")
    open_card(page, live_server, card)
    expect(page.locator(".objection").first).to_contain_text("15 Dec is too early")
    page.get_by_role("link", name="Edit").click()
    page.locator("#id_departments-1-responsibilities").fill("Ship the order page by 20 Dec")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send for confirmation").click()

    # 4. Both departments confirm; then both heads sign with their passwords.
    for username, department in (("fin.contact", "Finance"), ("tec.contact", "Technology")):
        log_in(page, live_server, username)
        open_card(page, live_server, card, "departments")
        page.get_by_role("button", name=f"Confirm for {department}").click()
        # The confirmation is answered before the next person logs in: clearing the
        # cookies while it is still on its way would leave a stale CSRF cookie behind.
        expect(page.get_by_role("button", name=f"Confirm for {department}")).to_have_count(0)
    expect(page.get_by_test_id("card-status")).to_have_text("signing")
    sign(page, live_server, "fin.head")
    sign(page, live_server, "tec.head")
    card.refresh_from_db()
    assert card.status == "active"

    # 5. The lead adds an action item; its owner files a delay notice; the tracker acknowledges.
    log_in(page, live_server, "mkt.lead")
    open_card(page, live_server, card, "items")
    page.get_by_role("link", name="New action item").click()
    page.get_by_label("What").fill("Price list")
    pick_person(page, "id_owner", "吴婷")
    page.get_by_label("Due date").fill("2026-12-10")
    page.get_by_role("button", name="Add the action item").click()
    item = card.action_items.get()

    log_in(page, live_server, "fin.contact")
    page.goto(f"{live_server.url}/items/{item.pk}/")
    page.get_by_text("File a delay notice").click()
    page.get_by_label("Reason for the delay").fill("Supplier late")
    page.get_by_label("New expected date").fill("2026-12-18")
    page.get_by_role("button", name="File the delay notice").click()
    expect(page.get_by_test_id("item-status")).to_have_text("delayed")

    log_in(page, live_server, "mkt.tracker")
    page.goto(f"{live_server.url}/items/{item.pk}/")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_test_id("item-due")).to_contain_text("18 Dec 2026")

    log_in(page, live_server, "fin.contact")
    page.goto(f"{live_server.url}/items/{item.pk}/")
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Percent done").fill("100")
    page.get_by_label("Output link").fill("https://example.com/prices")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_test_id("item-status")).to_have_text("done")

    # 6. Acceptance: the lead submits, the head of Finance accepts.
    log_in(page, live_server, "mkt.lead")
    open_card(page, live_server, card)
    page.get_by_role("link", name="Submit for acceptance").click()
    page.get_by_label("Price list").check()
    page.get_by_role("button", name="Submit for acceptance").click()
    expect(page.get_by_test_id("card-status")).to_have_text("in acceptance")

    log_in(page, live_server, "fin.head")
    open_card(page, live_server, card)
    page.get_by_role("link", name="Decide on acceptance").click()
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record the decision").click()

    # 7. The lead writes the retrospective; the card closes and its report is a real PDF.
    log_in(page, live_server, "mkt.lead")
    open_card(page, live_server, card)
    page.get_by_role("link", name="Write the retrospective").click()
    page.get_by_label("Successes").fill("Launched on time")
    page.get_by_label("Shortcomings").fill("Pricing was late")
    page.get_by_label("Improvements").fill("Agree prices earlier")
    page.get_by_role("button", name="Close the card").click()
    expect(page.get_by_test_id("card-status")).to_have_text("closed")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Retrospective report (PDF)").click()
    path = tmp_path / "retrospective.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert card.code in text
    assert "新品上市协同" in text
