"""The profile's time zone picker: the company's zone and common ones first, then regions."""

import re

import pytest
from django.urls import reverse

from collab.forms import COMMON_TIME_ZONES, ProfileForm

pytestmark = pytest.mark.django_db


def optgroups(html):
    """[(group label, [option values])] in the order the select shows them."""
    return [
        (label, re.findall(r'<option value="([^"]*)"', body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', html, re.S)
    ]


def test_the_company_zone_comes_first_then_common_zones_then_regions(settings):
    settings.TIME_ZONE = "Europe/Paris"

    groups = optgroups(str(ProfileForm()["time_zone"]))

    labels = [label for label, _values in groups]
    assert labels[0] == "Suggested"
    assert labels[1:4] == ["Africa", "America", "Antarctica"]
    assert labels.index("Asia") < labels.index("Europe") < labels.index("Pacific")
    assert labels[-1] == "Other"
    suggested = groups[0][1]
    assert suggested == ["Europe/Paris", *COMMON_TIME_ZONES]
    asia = dict(groups)["Asia"]
    assert "Asia/Shanghai" in asia and all(zone.startswith("Asia/") for zone in asia)
    assert asia == sorted(asia)
    assert "US/Eastern" in dict(groups)["Other"]


def test_the_company_zone_is_named_as_such_and_not_offered_twice(settings):
    settings.TIME_ZONE = "Asia/Shanghai"

    html = str(ProfileForm()["time_zone"])

    suggested = optgroups(html)[0][1]
    assert suggested.count("Asia/Shanghai") == 1 and suggested[0] == "Asia/Shanghai"
    assert "Asia/Shanghai (company)" in html


def test_the_current_zone_is_selected_once(user):
    user.time_zone = "Asia/Tokyo"

    html = str(ProfileForm(instance=user)["time_zone"])

    # Tokyo is both suggested and under Asia: one of them is selected, not both.
    assert html.count("selected") == 1


def _profile_data(time_zone):
    return {
        "display_name": "Alice",
        "email": "alice@example.com",
        "phone_extension": "",
        "language": "en",
        "time_zone": time_zone,
    }


@pytest.mark.parametrize("bad", ["Mars/Olympus", "", "Asia", "../../etc/passwd"])
def test_an_unknown_zone_is_a_field_error_and_nothing_is_saved(logged_in_client, user, bad):
    before = user.time_zone

    response = logged_in_client.post(reverse("profile"), _profile_data(bad))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["time_zone"]
    user.refresh_from_db()
    assert user.time_zone == before


def test_a_zone_from_a_region_group_is_saved(logged_in_client, user):
    response = logged_in_client.post(reverse("profile"), _profile_data("America/Sao_Paulo"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "America/Sao_Paulo"
