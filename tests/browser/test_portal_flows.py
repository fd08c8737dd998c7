"""The customer's side in Chromium: find an answer in two languages, ask with suggestions
beside the form, sign in by the link from the test SMTP server, reply, and rate.
Demo articles and contact block (realdesk.knowledge.demo) are the data."""

import email
import re

import pytest
from playwright.sync_api import expect

from comms import conftest as comms_fixtures
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbound.outbox import outbound_send
from realdesk.comms.models import OutboundEmail
from realdesk.knowledge.demo import support_center_demo
from realdesk.portal_access.models import SignInToken
from realdesk.portal_access.tasks import signin_link_issue, signin_link_send
from realdesk.surveys.actions import rating_ask
from realdesk.tickets.actions import message_send, ticket_set_status
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket
from support.mail import Inbox
from support.queue import run_queued

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
smtp_server = comms_fixtures.smtp_server  # the real SMTP server the email tests use


@pytest.fixture
def portal(browser, live_server, settings, db):
    settings.BASE_URL = live_server.url
    support_center_demo()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    context.set_default_timeout(10_000)
    return context.new_page()


def last_link(inbox: Inbox, path: str) -> str:
    message = email.message_from_bytes(inbox.messages[-1][2])
    body = (message.get_body(("plain",)) if message.is_multipart() else message).get_payload(
        decode=True
    )
    return re.search(rf"http://\S+{path}\S*", body.decode()).group(0)


def test_find_an_answer_in_english_and_german(portal, live_server):
    page = portal
    page.goto(f"{live_server.url}/support/")
    expect(page.locator(".masthead .contact-phone")).to_contain_text("+1 415 555 0100")
    page.fill("#q", "I forgot my pasword and cannot log in")
    page.click("form.search button")
    page.click("ol.results li:first-child a")
    expect(page.locator("h1")).to_have_text("I reset my password but still can't log in")
    page.click(".article-languages a[lang=de]")
    expect(page.locator("h1")).to_have_text("Passwort zurückgesetzt, Anmeldung geht trotzdem nicht")
    page.click("button:has-text('Yes')")
    expect(page.locator(".flash")).to_contain_text("glad this answered")
    page.click(".languages a[lang=de]")
    expect(page.locator(".masthead .contact-phone")).to_contain_text("+49 30 5555 0100")
    page.click(".brand")
    page.fill("#q", "Wo ist meine Bestellung?")
    page.click("form.search button")
    expect(page.locator("ol.results li:first-child a")).to_have_text("Wo ist meine Bestellung?")


def test_ask_follow_reply_and_rate(portal, live_server, smtp_server, agent, team):
    page = portal
    page.goto(f"{live_server.url}/support/requests/new/")
    page.fill("#id_name", "Ann Example")
    page.fill("#id_email", "ann@example.org")
    page.fill("#id_subject", "My parcel arrived damaged")
    expect(page.locator("#suggestions")).to_contain_text("My parcel arrived damaged")
    page.fill("#id_description", "The box was crushed and the lamp is broken.")
    page.click("button:has-text('Send request')")
    expect(page.locator("h1")).to_contain_text("We have your request: ticket #")
    ticket = Ticket.objects.get()
    expect(page.locator(".confirmation")).to_contain_text("will handle it")

    page.click("text=Follow your request")
    page.fill("#id_email", "ann@example.org")
    page.click("button:has-text('Email me a sign-in link')")
    expect(page.locator("h1")).to_have_text("Check your email")
    run_queued(signin_link_issue)  # what the worker does
    signin_link_send.call(token_id=SignInToken.objects.get().pk)
    outbound_send(OutboundEmail.objects.get(kind=OutboundKind.SIGN_IN).pk)  # the outbox's turn
    page.goto(last_link(smtp_server, "/support/sign-in/"))
    page.click("#confirm-sign-in")
    expect(page.locator("h1")).to_have_text("My parcel arrived damaged")

    page.fill("#id_body", "Here is a photo of the box.")
    page.click("button:has-text('Send reply')")
    expect(page.locator(".conversation")).to_contain_text("Here is a photo of the box.")

    ticket.team = team
    ticket.save(update_fields=["team"])
    message_send(ticket=ticket, agent=agent, body_text="A new lamp is on its way.")
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent)
    rating = rating_ask(solve_event=ticket.events.filter(after=Status.SOLVED).get())
    outbound_send(OutboundEmail.objects.filter(subject__startswith="How did we do").get().pk)
    page.goto(last_link(smtp_server, "/support/rate/"))  # the first link: good
    page.fill("#id_comment", "Quick and kind.")
    page.click("button:has-text('Send my rating')")
    expect(page.locator("h1")).to_have_text("Thank you")
    rating.refresh_from_db()
    assert (rating.score, rating.comment) == ("good", "Quick and kind.")
