"""A person sets their weekly digest in Debian's Chromium: the fieldset is accessible and
a bad hour is refused beside its field."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_shell import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the app's CSP rightly forbids.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def test_a_person_moves_their_digest_to_friday_afternoon(page: Page, live_server):
    person = UserFactory(username="alice", display_name="Alice")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/profile/")

    group = page.get_by_role("group", name="Reminders and digest")
    expect(group).to_be_visible()
    assert_accessible(page)
    group.get_by_label("Digest day").select_option(label="Friday")
    group.get_by_label("Digest hour").select_option(label="15:00")
    group.get_by_label("Send me reminders about low-priority action items").uncheck()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    person.refresh_from_db()
    assert (person.digest_weekday, person.digest_hour) == (4, 15)
    assert person.low_priority_reminders is False
