"""Personal API tokens: created, listed and revoked over the API and on the profile page;
what a token lets in, and what the token exchange answers."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from collab import services
from collab.errors import Forbidden
from collab.models import ApiToken
from collab.services.tokens import MAX_LIVE_TOKENS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/tokens/"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def api_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def session_api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


# --- Over the API -----------------------------------------------------------------------


def test_a_created_token_is_shown_once_and_listed_without_its_secret(user):
    api = session_api(user)
    response = api.post(LIST_URL, {"name": "  Build server  "}, format="json")
    assert response.status_code == 201
    created = response.json()
    secret = created["token"]
    assert created["name"] == "Build server"
    assert created["expiry"] is not None  # the default lifetime (test_token_lifetime.py)
    assert created["last_used_at"] is None
    assert secret.startswith(created["token_key"])
    token = ApiToken.objects.get(user=user)
    assert str(token.public_id) == created["id"]
    assert secret not in (token.digest, token.token_key)

    listed = api.get(LIST_URL).json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert set(row) == {"id", "name", "token_key", "created", "expiry", "last_used_at"}
    assert row["id"] == created["id"]
    assert secret not in str(listed)
    assert token.digest not in str(listed)


def test_the_list_holds_only_my_live_tokens_newest_first(user):
    services.api_token_create(by=user, name="Old")
    expired, _secret = services.api_token_create(by=user, name="Expired")
    ApiToken.objects.filter(pk=expired.pk).update(expiry=timezone.now() - dt.timedelta(hours=1))
    services.api_token_create(by=user, name="New")
    services.api_token_create(by=UserFactory(username="bob"), name="Not mine")
    names = [row["name"] for row in session_api(user).get(LIST_URL).json()["results"]]
    assert names == ["New", "Old"]


def test_a_token_expiring_on_a_day_works_through_that_day_where_its_owner_is(user):
    with time_machine.travel(dt.datetime(2027, 3, 5, 23, 0, tzinfo=SHANGHAI), tick=False):
        response = session_api(user).post(
            LIST_URL, {"name": "Report", "expires_on": "2027-03-05"}, format="json"
        )
    assert response.status_code == 201
    token = ApiToken.objects.get(user=user)
    assert token.expiry == dt.datetime(2027, 3, 6, tzinfo=SHANGHAI)


def test_the_secret_authenticates_as_the_owner(personal_token, user):
    _token, secret = personal_token
    response = api_with(secret).get("/api/v1/users/")
    assert response.status_code == 200
    assert session_api(user).get(LIST_URL).json()["results"][0]["last_used_at"] is not None


def test_last_use_is_written_at_most_once_a_minute(personal_token):
    token, secret = personal_token
    api = api_with(secret)
    # Within the token's default lifetime.
    start = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        assert api.get("/api/v1/departments/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == start

    with (
        time_machine.travel(start + dt.timedelta(seconds=59), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert api.get("/api/v1/departments/").status_code == 200
    assert not [query for query in queries if query["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == start

    later = start + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        assert api.get("/api/v1/departments/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == later


def test_a_revoked_token_is_refused(personal_token, user):
    token, secret = personal_token
    api = api_with(secret)
    response = api.delete(f"{LIST_URL}{token.public_id}/")
    assert response.status_code == 204
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    refused = api.get("/api/v1/departments/")
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "Invalid token.",
        "code": "authentication_failed",
        "fields": {},
    }


def test_an_expired_token_is_refused(user):
    with time_machine.travel(dt.datetime(2027, 3, 5, 9, 0, tzinfo=SHANGHAI), tick=False):
        _token, secret = services.api_token_create(
            by=user, name="Short", expires_on=dt.date(2027, 3, 5)
        )
        assert api_with(secret).get("/api/v1/departments/").status_code == 200
    with time_machine.travel(dt.datetime(2027, 3, 6, 0, 0, 1, tzinfo=SHANGHAI), tick=False):
        response = api_with(secret).get("/api/v1/departments/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_deactivated_persons_token_is_refused(personal_token, user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api_with(personal_token[1]).get("/api/v1/departments/").status_code == 401


def test_someone_elses_token_is_not_found(personal_token):
    token, _secret = personal_token
    bob = UserFactory(username="bob")
    api = session_api(bob)
    response = api.delete(f"{LIST_URL}{token.public_id}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert api.get(LIST_URL).json()["count"] == 0


def test_an_id_that_is_no_uuid_is_not_found(user):
    response = session_api(user).delete(f"{LIST_URL}not-a-uuid/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_only_the_owner_revokes_a_token(personal_token):
    token, _secret = personal_token
    with pytest.raises(Forbidden):
        services.api_token_revoke(token=token, by=UserFactory(username="bob"))


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"name": ""}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": "x" * 101}, "name", "max_length"),
        ({"name": "build SERVER"}, "name", "duplicate"),
        ({"name": "Nightly", "expires_on": "2020-01-01"}, "expires_on", "in_past"),
        ({"name": "Nightly", "expires_on": "soon"}, "expires_on", "invalid"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(personal_token, user, body, field, code):
    response = session_api(user).post(LIST_URL, body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == code
    assert list(error["fields"]) == [field]
    assert ApiToken.objects.filter(user=user).count() == 1


def test_a_name_of_an_expired_token_can_be_used_again(personal_token, user):
    token, _secret = personal_token
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - dt.timedelta(minutes=1))
    response = session_api(user).post(LIST_URL, {"name": "Build server"}, format="json")
    assert response.status_code == 201
    # Issuing a token clears its owner's expired ones.
    assert list(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == [
        "Build server"
    ]


@pytest.mark.usefixtures("throttle_history_cleared")
def test_one_person_holds_at_most_twenty_live_tokens(user, password):
    for number in range(MAX_LIVE_TOKENS):
        services.api_token_create(by=user, name=f"Token {number}")
    api = session_api(user)
    response = api.post(LIST_URL, {"name": "One more"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_tokens"
    assert "Revoke one" in response.json()["detail"]
    sign_in = APIClient().post(reverse("api-token"), {"username": "alice", "password": password})
    assert sign_in.status_code == 400
    assert sign_in.json()["code"] == "too_many_tokens"
    assert ApiToken.objects.filter(user=user).count() == MAX_LIVE_TOKENS


@pytest.mark.parametrize("rows", [2, MAX_LIVE_TOKENS])
def test_the_list_runs_constant_queries(user, rows, django_assert_max_num_queries):
    for number in range(rows):
        services.api_token_create(by=user, name=f"Token {number}")
    api = session_api(user)
    # Session and user, then count and page.
    with django_assert_max_num_queries(4):
        response = api.get(LIST_URL)
    assert response.json()["count"] == rows


# --- The token exchange -----------------------------------------------------------------


@pytest.mark.usefixtures("throttle_history_cleared")
def test_the_token_exchange_issues_a_sign_in_token_for_some_hours(user, password, settings):
    now = dt.datetime(2027, 3, 5, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        response = APIClient().post(
            reverse("api-token"), {"username": "alice", "password": password}
        )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    token = ApiToken.objects.get(user=user)
    assert token.name == "API sign-in"
    assert token.expiry == now + settings.API_SIGN_IN_TOKEN_TTL == now + dt.timedelta(hours=10)
    assert dt.datetime.fromisoformat(body["expiry"]) == token.expiry
    assert body["token"].startswith(token.token_key)


@pytest.mark.usefixtures("throttle_history_cleared")
def test_the_token_exchange_refuses_a_wrong_password_with_401(user):
    response = APIClient().post(reverse("api-token"), {"username": "alice", "password": "nope"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed"
    assert not ApiToken.objects.exists()


@pytest.mark.usefixtures("throttle_history_cleared")
def test_the_token_exchange_refuses_an_unknown_person_with_401(db):
    response = APIClient().post(reverse("api-token"), {"username": "nobody", "password": "x"})
    assert response.status_code == 401


# --- On the profile page ----------------------------------------------------------------


def test_the_profile_page_lists_my_tokens(logged_in_client, personal_token):
    services.api_token_create(by=UserFactory(username="bob"), name="Bob's robot")
    response = logged_in_client.get(reverse("profile"))
    page = response.content.decode()
    assert "API tokens" in page
    assert "Build server" in page
    assert "Bob&#x27;s robot" not in page
    token, secret = personal_token
    assert reverse("profile-token-revoke", args=[token.public_id]) in page
    assert "Revoke" in page
    assert secret not in page
    assert token.digest not in page


def test_the_profile_page_runs_constant_queries(
    logged_in_client, user, django_assert_max_num_queries
):
    for number in range(MAX_LIVE_TOKENS):
        services.api_token_create(by=user, name=f"Token {number}")
    with django_assert_max_num_queries(8):
        assert logged_in_client.get(reverse("profile")).status_code == 200


def test_creating_a_token_on_the_page_shows_the_secret_once(logged_in_client, user):
    response = logged_in_client.post(
        reverse("profile-token-create"), {"token-name": "Spreadsheet", "token-expires_on": ""}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=user)
    page = response.content.decode()
    assert "it will not be shown again" in page
    secret = response.context["new_token"].secret
    assert secret.startswith(token.token_key)
    assert secret in page
    assert secret not in logged_in_client.get(reverse("profile")).content.decode()


def test_bad_input_on_the_page_is_shown_beside_the_field(logged_in_client, user):
    response = logged_in_client.post(
        reverse("profile-token-create"),
        {"token-name": "Nightly", "token-expires_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert response.context["token_form"].errors == {
        "expires_on": ["The expiry date cannot be in the past."]
    }
    assert not ApiToken.objects.exists()


def test_revoking_on_the_page(logged_in_client, personal_token):
    token, secret = personal_token
    url = reverse("profile-token-revoke", args=[token.public_id])
    assert logged_in_client.get(url).status_code == 405
    response = logged_in_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("profile"), 302)]
    assert "is revoked" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert api_with(secret).get("/api/v1/departments/").status_code == 401


def test_someone_elses_token_cannot_be_revoked_on_the_page(client, personal_token):
    token, _secret = personal_token
    client.force_login(UserFactory(username="bob"))
    response = client.post(reverse("profile-token-revoke", args=[token.public_id]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_pages_need_login(client, personal_token):
    token, _secret = personal_token
    for url in [
        reverse("profile-token-create"),
        reverse("profile-token-revoke", args=[token.public_id]),
    ]:
        response = client.post(url, {"token-name": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert ApiToken.objects.count() == 1


def test_the_admin_lists_tokens_without_their_digest(client, personal_token):
    token, secret = personal_token
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:collab_apitoken_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Build server" in page
    assert token.token_key in page
    assert token.digest not in page
    assert secret not in page


def test_a_token_made_with_an_expiring_token_expires_with_it(user):
    sign_in, sign_in_secret = services.api_token_sign_in(by=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {sign_in_secret}")
    response = api.post("/api/v1/tokens/", {"name": "Minted"}, format="json")
    assert response.status_code == 201, response.json()
    minted = ApiToken.objects.get(name="Minted")
    assert minted.expiry == sign_in.expiry
