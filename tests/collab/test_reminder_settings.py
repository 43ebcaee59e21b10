"""A person's reminder settings: digest day and hour, time zone, low-priority opt-out.

One service (collab.services.user_update_reminder_settings / user_update_profile) checks
them for the profile page and the API alike; the admin refuses the same bad values.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from collab import services
from collab.errors import Forbidden, RuleViolation
from collab.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API_URL = reverse("api-reminder-settings")
SETTINGS = ("digest_weekday", "digest_hour", "time_zone", "low_priority_reminders")
# (field, value) the page and the API both refuse; the error names that field.
BAD_INPUT = [
    ("digest_hour", 24),
    ("digest_hour", -1),
    ("digest_hour", "x"),
    ("digest_weekday", 7),
    ("digest_weekday", -1),
    ("time_zone", "Mars/Base"),
    ("time_zone", ""),
]


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def saved(user):
    user.refresh_from_db()
    return {field: getattr(user, field) for field in SETTINGS}


def profile_data(user, **changes):
    """Every field the profile page posts, as it shows them, with `changes` applied."""
    data = {
        "display_name": user.display_name,
        "email": user.email,
        "phone_extension": user.phone_extension,
        "language": user.language,
        "time_zone": user.time_zone,
        "digest_weekday": user.digest_weekday,
        "digest_hour": user.digest_hour,
        "low_priority_reminders": "on" if user.low_priority_reminders else "",
        **changes,
    }
    if not data["low_priority_reminders"]:
        del data["low_priority_reminders"]  # an unticked box is not posted
    return data


def test_a_new_person_gets_the_digest_on_monday_at_nine_with_every_reminder(settings):
    person = User.objects.create_user(username="new.person")
    person.refresh_from_db()

    assert (person.digest_weekday, person.digest_hour) == (0, 9)
    assert person.low_priority_reminders is True
    assert person.time_zone == settings.TIME_ZONE


def test_the_profile_page_shows_the_reminder_fieldset_with_its_values(logged_in_client, user):
    services.user_update_reminder_settings(
        user=user, by=user, values={"digest_weekday": 4, "digest_hour": 16}
    )

    page = logged_in_client.get(reverse("profile")).content.decode()

    assert "Reminders and digest" in page
    assert '<option value="4" selected>Friday</option>' in page
    assert '<option value="16" selected>16:00</option>' in page
    assert "Escalations and reminders of higher priority are always sent" in page


def test_the_profile_page_saves_the_reminder_settings(logged_in_client, user):
    response = logged_in_client.post(
        reverse("profile"),
        profile_data(
            user,
            digest_weekday=2,
            digest_hour=7,
            time_zone="Asia/Tokyo",
            low_priority_reminders="",
            display_name="Alice Liddell",
        ),
    )

    assert response.status_code == 302
    assert saved(user) == {
        "digest_weekday": 2,
        "digest_hour": 7,
        "time_zone": "Asia/Tokyo",
        "low_priority_reminders": False,
    }
    assert user.display_name == "Alice Liddell"


@pytest.mark.parametrize(("field", "value"), BAD_INPUT)
def test_the_profile_page_refuses_bad_input_and_saves_nothing(logged_in_client, user, field, value):
    before = saved(user)

    response = logged_in_client.post(
        reverse("profile"), profile_data(user, display_name="Changed", **{field: value})
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert saved(user) == before
    assert user.display_name == "Alice"
    assert response.context["user"].display_name == "Alice"  # the header shows what is saved


def test_the_api_shows_and_changes_the_settings(api, user):
    assert api.get(API_URL).json() == {
        "digest_weekday": 0,
        "digest_hour": 9,
        "time_zone": user.time_zone,
        "low_priority_reminders": True,
    }

    response = api.patch(
        API_URL, {"digest_hour": 18, "low_priority_reminders": False}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["digest_hour"] == 18
    assert saved(user)["digest_hour"] == 18
    assert saved(user)["low_priority_reminders"] is False
    assert saved(user)["digest_weekday"] == 0  # a PATCH leaves the rest alone


@pytest.mark.parametrize(("field", "value"), BAD_INPUT)
def test_the_api_refuses_bad_input_with_a_field_error_and_saves_nothing(api, user, field, value):
    before = saved(user)

    response = api.patch(API_URL, {"digest_weekday": 3, field: value}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]
    assert saved(user) == before


def test_the_api_refuses_several_bad_values_at_once(api, user):
    response = api.patch(
        API_URL, {"digest_hour": 30, "digest_weekday": 9, "time_zone": "Mars/Base"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"digest_hour", "digest_weekday", "time_zone"}
    assert "Mars/Base" in response.json()["fields"]["time_zone"][0]


def test_the_api_needs_a_logged_in_caller():
    assert APIClient().get(API_URL).status_code == 401


@pytest.mark.parametrize(("field", "value"), [("digest_hour", 24), ("time_zone", "Mars/Base")])
def test_page_and_api_refuse_with_the_same_message(logged_in_client, api, user, field, value):
    page = logged_in_client.post(reverse("profile"), profile_data(user, **{field: value}))
    answer = api.patch(API_URL, {field: value}, format="json")

    assert page.context["form"].errors[field] == answer.json()["fields"][field]


def test_page_and_api_save_the_same_settings(logged_in_client, api, user):
    other = UserFactory(username="bob")
    values = {"digest_weekday": 5, "digest_hour": 0, "time_zone": "Europe/Berlin"}

    logged_in_client.post(reverse("profile"), profile_data(user, **values))
    api.force_authenticate(other)
    api.patch(API_URL, {**values, "low_priority_reminders": True}, format="json")

    assert saved(user) == saved(other) == {**values, "low_priority_reminders": True}


def test_nobody_changes_another_persons_settings(user):
    other = UserFactory(username="bob")

    with pytest.raises(Forbidden):
        services.user_update_reminder_settings(user=other, by=user, values={"digest_hour": 3})

    assert saved(other)["digest_hour"] == 9


def test_the_service_refuses_a_boolean_as_an_hour_and_an_unknown_setting(user):
    with pytest.raises(RuleViolation) as refused:
        services.user_update_reminder_settings(
            user=user, by=user, values={"digest_hour": True, "digest_minute": 5}
        )

    assert set(refused.value.errors) == {"digest_hour", "digest_minute"}


def test_the_database_refuses_an_hour_outside_the_day(user):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(digest_hour=24)


def test_the_profile_page_costs_no_more_queries(logged_in_client, django_assert_num_queries):
    # Session, user, the notification badge and the API tokens: the settings come with
    # the user row.
    with django_assert_num_queries(4):
        assert logged_in_client.get(reverse("profile")).status_code == 200


# --- admin -------------------------------------------------------------------------


def admin_post(client, person, **changes):
    url = reverse("admin:collab_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("last_login", "date_joined"):
            data[f"{name}_0"] = value.date().isoformat() if value else ""
            data[f"{name}_1"] = value.time().isoformat() if value else ""
        elif isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_changes_the_settings(admin_client, user):
    response = admin_post(admin_client, user, digest_hour=20, digest_weekday=6)

    assert response.status_code == 302
    assert saved(user)["digest_hour"] == 20 and saved(user)["digest_weekday"] == 6


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("digest_hour", 24, "less than or equal to 23"),
        ("digest_hour", -1, "greater than or equal to 0"),
        ("digest_weekday", 7, "Select a valid choice"),
        ("time_zone", "Mars/Base", "Select a valid choice"),
    ],
)
def test_the_admin_refuses_bad_values_with_a_field_error(admin_client, user, field, value, message):
    before = saved(user)

    response = admin_post(admin_client, user, **{field: value})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert saved(user) == before
