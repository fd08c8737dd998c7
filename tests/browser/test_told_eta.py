"""One ETA in Chromium: a visitor in Tokyo asks in the support center, reads when a person
will answer on their own clock, and the agent's ticket page shows exactly that next to
the SLA target."""

import pytest
from playwright.sync_api import expect

from realdesk.sla.actions.defaults import sla_defaults_install
from realdesk.sla.models import EtaPrediction
from realdesk.tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_told_eta_is_on_the_agents_ticket_page(browser, live_server, sign_in, lead):
    sla_defaults_install()
    visitor = browser.new_context(locale="en-US", timezone_id="Asia/Tokyo")
    visitor.set_default_timeout(10_000)
    page = visitor.new_page()
    page.goto(f"{live_server.url}/support/requests/new/")
    page.fill("#id_name", "Ann Example")
    page.fill("#id_email", "ann@example.org")
    page.fill("#id_subject", "My parcel arrived damaged")
    page.fill("#id_description", "The box was crushed and the lamp is broken.")
    page.click("button:has-text('Send request')")
    told = EtaPrediction.objects.exclude(phrase="").get()
    assert told.timezone == "Asia/Tokyo"  # the browser's clock, sent by portal/zone.js
    expect(page.locator(".confirmation")).to_contain_text(told.phrase)
    assert "JST" in told.phrase

    agent_page = sign_in(lead)
    agent_page.goto(f"{live_server.url}/agent/tickets/{Ticket.objects.get().number}/")
    expect(agent_page.locator(".sla .told")).to_contain_text(f"Customer was told: {told.phrase}")
    expect(agent_page.locator(".sla .sla-targets")).to_contain_text("First response")
    visitor.close()
