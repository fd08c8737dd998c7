"""The customer's clock in the support center: times on their browser's zone, else their
profile's, always with the zone written out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import open_ticket
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
    assert "21:00 JST" in page  # 12:00 UTC in Tokyo, zone written out


def test_the_browser_zone_wins_over_the_profile(sign_in_as, customer, promised, client):
    customer.timezone = "Asia/Tokyo"
    customer.save()
    sign_in_as(customer)
    client.cookies["realdesk_tz"] = "America/New_York"
    page = client.get(f"/support/requests/{promised.number}/").content.decode()
    assert "08:00 EDT" in page
    assert "JST" not in page
