"""Each channel's declaration and the reply channel rule: where the customer last was, else
their email with the ticket's link, a call note on the phone, or nobody."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.comms.channels.adapters import Reach, channel_adapters, reply_route
from realdesk.tickets.actions import message_receive
from realdesk.tickets.choices import Channel

pytestmark = pytest.mark.django_db


def test_every_channel_has_an_adapter_declaring_identities_and_liveness():
    registered = dict(channel_adapters.items())
    assert set(registered) == set(Channel.values)
    assert {key for key, adapter in registered.items() if adapter.live} == {"chat", "phone"}
    assert registered["phone"].identity_kinds == (IdentityKind.PHONE,)
    assert registered["email"].identity_kinds == (IdentityKind.EMAIL,)
    assert registered["social"].identity_kinds == (IdentityKind.SOCIAL,)


def test_a_second_adapter_for_a_channel_is_refused():
    with pytest.raises(ValueError, match="'email' is registered already"):
        channel_adapters.register("email", channel_adapters.get("email"))


def test_email_is_answered_by_email():
    customer = CustomerFactory()
    address = customer.identities.get().value
    route = reply_route(open_ticket(customer=customer))
    assert (route.channel, route.reach, route.to) == ("email", Reach.CHANNEL, address)
    assert route.says == f"Sent by email to {address}."
    assert route.done == "Reply sent."


@pytest.mark.parametrize(
    ("channel", "why"),
    [
        ("web", "They wrote through the web form, which cannot answer them."),
        ("chat", "The chat has ended."),
        ("api", "The ticket came in through the API, which cannot answer them."),
        ("social", "Answers on social networks are not connected yet."),
    ],
)
def test_a_channel_that_cannot_answer_falls_back_to_email_with_the_link(channel, why):
    customer = CustomerFactory()
    address = customer.identities.get().value
    route = reply_route(open_ticket(customer=customer, channel=channel))
    assert (route.channel, route.reach, route.to) == (channel, Reach.EMAIL, address)
    assert route.says == f"{why} Sent by email to {address} with the link to the ticket."


def test_a_phone_answer_is_a_call_note_and_nothing_is_sent():
    route = reply_route(open_ticket(channel=Channel.PHONE))
    assert (route.reach, route.to) == (Reach.LOGGED, "")
    assert route.says == "Logged as a call note: nothing is sent."
    assert route.done == "Call note logged; nothing was sent."


def test_the_answer_goes_where_the_customer_last_was():
    customer = CustomerFactory()
    ticket = open_ticket(customer=customer, channel=Channel.PHONE)
    message_receive(ticket=ticket, customer=customer, body_text="Also by mail", channel="email")
    assert reply_route(ticket).reach == Reach.CHANNEL
    message_receive(ticket=ticket, customer=customer, body_text="I rang again", channel="phone")
    assert reply_route(ticket).reach == Reach.LOGGED


def test_a_customer_without_an_email_address_cannot_be_reached():
    caller = customer_identify(kind=IdentityKind.PHONE, value="+1 415 555 0100")
    route = reply_route(open_ticket(customer=caller, channel=Channel.API))
    assert (route.reach, route.to) == (Reach.NOBODY, "")
    assert route.says.startswith("Cannot reach this customer: The ticket came in through the API")
    assert route.done == "Reply saved, but not sent: nobody can reach this customer."
