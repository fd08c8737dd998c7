"""Callback requests: a known caller is not made twice, and a signed-in customer's request
about one of their open tickets lands in its thread."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.accounts.actions import customer_identify
from realdesk.accounts.models import Customer
from realdesk.tickets.choices import Channel, Direction, Status
from realdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

CALL_ME = {"name": "Ann Example", "phone": "+1 415 555 0100", "window": "asap"}


def test_a_stranger_gets_a_phone_ticket_and_one_customer(client):
    response = client.post("/support/callback/", {**CALL_ME, "email": "ann@example.org"})
    ticket = Ticket.objects.get()
    assert f"ticket #{ticket.number}" in response.text
    assert ticket.channel == Channel.PHONE
    assert ticket.messages.get().body_text == (
        "Please call me back on +14155550100. When: As soon as possible."
    )
    assert set(ticket.customer.identities.values_list("value", flat=True)) == {
        "+14155550100",
        "ann@example.org",
    }


def test_a_german_customers_request_is_written_in_german(client):
    client.get("/support/language/de/")
    client.post("/support/callback/", CALL_ME)
    ticket = Ticket.objects.get()
    assert ticket.subject == "Rückrufbitte: Ann Example"
    body = ticket.messages.get().body_text
    assert body.startswith("Bitte rufen Sie mich unter +14155550100 zurück. Wann: ")
    assert "Please" not in body


def test_a_known_email_joins_the_existing_customer(client):
    ann = customer_identify(kind="email", value="ann@example.org", name="Ann Example")
    client.post("/support/callback/", {**CALL_ME, "email": " ANN@example.org "})
    assert Customer.objects.get() == ann
    assert Ticket.objects.get().customer == ann
    assert ann.identities.filter(kind="phone", value="+14155550100").exists()


def test_a_known_number_joins_the_existing_customer(client):
    caller = customer_identify(kind="phone", value="(415) 555-0100")
    client.post("/support/callback/", CALL_ME)
    assert Customer.objects.get() == caller


def test_anyone_pointing_at_a_ticket_without_signing_in_gets_a_ticket_of_their_own(client):
    ann = customer_identify(kind="email", value="ann@example.org")
    mine = open_ticket(customer=ann)
    client.post(f"/support/callback/?about={mine.number}", {**CALL_ME, "email": "ann@example.org"})
    assert Ticket.objects.count() == 2
    assert mine.messages.count() == 1


def test_a_signed_in_customer_asks_in_the_thread_of_their_open_ticket(client, sign_in_as):
    customer = CustomerFactory()
    mine = open_ticket(customer=customer, subject="Invoice")
    sign_in_as(customer)
    detail = client.get(f"/support/requests/{mine.number}/").text
    assert f'href="/support/callback/?about={mine.number}"' in detail
    form = client.get(f"/support/callback/?about={mine.number}").text
    assert 'name="email"' not in form  # we know who they are

    response = client.post(f"/support/callback/?about={mine.number}", CALL_ME)
    assert f"ticket #{mine.number}" in response.text
    assert Ticket.objects.get() == mine
    call = mine.messages.filter(direction=Direction.INBOUND).latest("created_at")
    assert (call.channel, call.author_customer) == ("phone", customer)
    assert customer.identities.filter(kind="phone", value="+14155550100").exists()


def test_a_solved_or_someone_elses_ticket_gets_a_new_ticket(client, sign_in_as):
    customer = CustomerFactory()
    solved = open_ticket(customer=customer)
    solved.status = Status.SOLVED
    solved.save(update_fields=["status"])
    theirs = open_ticket()
    sign_in_as(customer)
    client.post(f"/support/callback/?about={solved.number}", CALL_ME)
    client.post(f"/support/callback/?about={theirs.number}", CALL_ME)
    assert Ticket.objects.filter(customer=customer).count() == 3
    assert theirs.messages.count() == 1


def test_a_desk_that_does_not_call_back_never_offers_it(client, settings, sign_in_as, demo_center):
    """REALDESK_CALLBACKS_ENABLED off: no link on any page, the form is not there and a
    posted request writes nothing (the chat widget follows the same setting)."""
    customer = CustomerFactory()
    ticket = open_ticket(customer=customer)
    assert "/support/callback/" in client.get("/support/").text
    settings.REALDESK_CALLBACKS_ENABLED = False
    assert "/support/callback/" not in client.get("/support/").text
    sign_in_as(customer)
    assert "/support/callback/" not in client.get(f"/support/requests/{ticket.number}/").text
    assert client.get("/support/callback/").status_code == 404
    assert client.post("/support/callback/", CALL_ME).status_code == 404
    assert Ticket.objects.count() == 1
