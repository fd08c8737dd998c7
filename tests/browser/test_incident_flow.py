"""A lead opens an incident, links two customers' tickets, posts an update: each customer
gets it once (read from the SMTP test server), and the status page and its feed show it."""

import email

import pytest
from playwright.sync_api import expect

from comms import conftest as email_fixtures
from factories import CustomerFactory, open_ticket
from realdesk.comms.email.outbound.outbox import outbox_send_due
from realdesk.incidents.models import Component

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
smtp_server = email_fixtures.smtp_server  # the real SMTP server the email tests use


def _recipients_and_bodies(inbox) -> list[tuple[str, str]]:
    found = []
    for _, recipients, raw in inbox.messages:
        message = email.message_from_bytes(raw)
        found.append((recipients[0], message.get_payload(decode=True).decode()))
    return found


def test_open_link_update_and_read_the_status_page(sign_in, lead, smtp_server, live_server):
    Component.objects.create(name="Payments")
    ann = CustomerFactory(name="Ann Example")
    bob = CustomerFactory(name="Bob Example")
    tickets = [open_ticket(customer=ann, subject="Card declined") for _ in range(2)]
    tickets.append(open_ticket(customer=bob, subject="Payment failed"))
    page = sign_in(lead)

    page.click("nav >> text=Incidents")
    page.click("text=Open an incident")
    page.fill("input[name=title]", "Card payments fail")
    page.fill("textarea[name=body]", "Some card payments are declined; we are looking into it.")
    page.select_option("select[name=impact]", "major")
    page.check("label:has-text('Payments') input")
    page.click("button:has-text('Open the incident')")
    expect(page.locator(".flash")).to_contain_text("Incident opened")

    page.fill("input[name=link-numbers]", " ".join(str(t.number) for t in tickets))
    page.click("button:has-text('Link tickets')")
    expect(page.locator(".flash")).to_contain_text("3 tickets linked.")
    expect(page.locator(".linked-tickets li")).to_have_count(3)

    page.select_option("select[name=update-status]", "identified")
    page.fill("textarea[name=update-body]", "A certificate at our card processor expired.")
    page.click("button:has-text('Post the update')")
    expect(page.locator(".flash")).to_contain_text("2 customers will get it by email")

    outbox_send_due()
    mails = _recipients_and_bodies(smtp_server)
    assert sorted(to for to, _ in mails) == sorted(
        [ann.identities.get().value, bob.identities.get().value]
    )
    assert all("A certificate at our card processor expired." in body for _, body in mails)

    page.goto(f"{live_server.url}/status/")
    expect(page.locator(".components")).to_contain_text("Partial outage")
    expect(page.locator(".incident")).to_contain_text("Card payments fail")
    expect(page.locator(".incident")).to_contain_text("A certificate at our card processor")
    page.goto(f"{live_server.url}/support/")
    expect(page.locator(".incident-banner")).to_contain_text("Card payments fail")

    feed = page.request.get(f"{live_server.url}/status/feed.atom").text()
    assert "Card payments fail: Identified" in feed
    assert "A certificate at our card processor expired." in feed
