"""The customer's clock: which zone every time a customer reads is written in."""

import pytest

from realdesk.sla.zones import customer_zone, valid_zone, zone_of_phone


@pytest.mark.parametrize(
    ("browser", "profile", "phones", "zone"),
    [
        ("Asia/Tokyo", "Europe/Paris", ("+49 30 5555 0100",), "Asia/Tokyo"),  # browser first
        ("", "Europe/Paris", ("+49 30 5555 0100",), "Europe/Paris"),  # then the profile
        ("", "", ("+49 30 5555 0100",), "Europe/Berlin"),  # then the phone's country
        ("", "", ("+1 415 555 0100",), "America/Los_Angeles"),  # its area where "+1" is vague
        ("", "", ("not a number", "+44 20 7946 0000"), "Europe/London"),
        ("", "", (), "Europe/Vienna"),  # else the team calendar's zone
        ("Mars/Olympus", "CET-ish", (), "Europe/Vienna"),  # nonsense is ignored, not trusted
    ],
)
def test_customer_zone_precedence(browser, profile, phones, zone):
    found = customer_zone(browser=browser, profile=profile, phones=phones, fallback="Europe/Vienna")
    assert found == zone


@pytest.mark.parametrize("name", ["", "Europe/Nowhere", "../etc/passwd", "Europe/Berlin\x00"])
def test_invalid_zone_names_are_refused(name):
    assert valid_zone(name) == ""


def test_a_number_without_country_has_no_zone():
    assert zone_of_phone("030 5555 0100") == ""
