"""The customer's clock in the support center: times on their browser's zone, else their
profile's, always with the zone written out."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from factories import IdentityFactory, open_ticket
from realdesk.accounts.choices import IdentityKind
from realdesk.sla.actions.promises import promise_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def promised(customer, agent, team):
    ticket = open_ticket(customer=customer, team=team)
    due = timezone.now().replace(month=7, day=1, hour=12, minute=0) + timedelta(days=400)
    promise_make(ticket=ticket, agent=agent, due_at=due, what="the courier's answer")
    return ticket


def test_request_page_reads_on_the_profile_zone(sign_in_as, customer, promised):
    customer.timezone = "Asia/Tokyo"
    customer.save()
    page = sign_in_as(customer).get(f"/support/requests/{promised.number}/").content.decode()
    assert "9:00 pm JST" in page  # 12:00 UTC in Tokyo, zone written out


def test_the_browser_zone_wins_over_the_profile(sign_in_as, customer, promised, client):
    customer.timezone = "Asia/Tokyo"
    customer.save()
    sign_in_as(customer)
    client.cookies["realdesk_tz"] = "America/New_York"
    page = client.get(f"/support/requests/{promised.number}/").content.decode()
    assert "8:00 am EDT" in page
    assert "JST" not in page


def test_without_browser_or_profile_zone_the_phone_numbers_country_sets_the_clock(
    sign_in_as, customer, promised
):
    """16.3: browser, profile, then the phone number's country (Japan here)."""
    IdentityFactory(customer=customer, kind=IdentityKind.PHONE, value="+81 3 1234 5678")
    page = sign_in_as(customer).get(f"/support/requests/{promised.number}/").content.decode()
    assert "9:00 pm JST" in page  # 12:00 UTC in Tokyo, in English's own format


def test_times_are_written_in_the_readers_language(sign_in_as, customer, promised):
    customer.timezone = "Europe/Berlin"
    customer.save()
    client = sign_in_as(customer)
    url = f"/support/requests/{promised.number}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # "Mi. 5. Aug., 14:00 CEST": German weekday and month, day with its dot, 24-hour clock
    assert re.search(r"(Mo|Di|Mi|Do|Fr|Sa|So)\. \d{1,2}\. [A-Z]\w+\.?, 14:00 CEST", page)
