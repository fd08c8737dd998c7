"""Whom the customer copies, and who may reply into a ticket (REALDESK_EMAIL_STRANGER_POLICY)."""

import pytest

from realdesk.accounts.models import Customer
from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound.parse.message import parse_message
from realdesk.comms.email.inbound.plan import copied_addresses
from realdesk.comms.email.inbound.record import email_receive
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.tickets.actions import message_send, ticket_merge
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Ticket
from support.mail import make_email

pytestmark = pytest.mark.django_db

POLICIES = ["new_ticket", "cc"]


def receive(data: bytes):
    return email_receive(data=data, source="test")[0]


def copied(ticket) -> list[str]:
    return [cc.address for cc in ticket.ccs.all()]


@pytest.fixture
def copied_ticket(team):
    """Jane's ticket, on which she copied Bob; in the agent's team."""
    ticket = receive(make_email(headers={"Cc": "Bob Smith <bob@example.org>"})).ticket
    Ticket.objects.filter(pk=ticket.pk).update(team=team)
    return ticket


def bob_replies(ticket, **kwargs):
    return receive(
        make_email(
            sender="Bob Smith <bob@example.org>",
            subject=f"Re: [#{ticket.number}] Printer on fire",
            body="I can confirm, it is on fire here too.",
            **kwargs,
        )
    )


def test_people_the_customer_copies_become_the_ticket_ccs(settings):
    settings.REALDESK_OWN_ADDRESSES = ["sales@help.example.com"]
    inbound = receive(
        make_email(
            to="support@help.example.com, Bob <bob@example.org>",
            headers={
                "Cc": "carol@example.org, sales@help.example.com, Jane <JANE@example.org>, "
                "support+t99@help.example.com, bob@example.org"
            },
        )
    )
    ticket = inbound.ticket
    assert inbound.outcome == Outcome.TICKET_CREATED
    assert copied(ticket) == ["bob@example.org", "carol@example.org"]
    assert ticket.customer.identities.get().value == "jane@example.org"
    assert Customer.objects.count() == 3  # Jane, Bob, Carol: never one for our own addresses
    event = ticket.events.get(kind=EventKind.CC_ADDED)
    assert event.actor_customer == ticket.customer
    # The acknowledgement goes to the sender alone.
    ack = OutboundEmail.objects.get(ticket=ticket)
    assert (ack.kind, ack.to_address, ack.cc_addresses) == ("ack", "jane@example.org", "")


def test_the_customer_replying_copies_more_people(copied_ticket):
    receive(
        make_email(
            subject=f"Re: [#{copied_ticket.number}] Printer on fire",
            headers={"Cc": "bob@example.org, dave@example.org"},
        )
    )
    assert copied(copied_ticket) == ["bob@example.org", "dave@example.org"]


def test_a_huge_cc_list_stays_small_on_the_ticket():
    many = ", ".join(f"person{n}@example.org" for n in range(30))
    ticket = receive(make_email(headers={"Cc": many})).ticket
    assert len(copied(ticket)) == 20
    assert ticket.events.get(kind=EventKind.CC_ADDED).data == {"left_out": 10}


def test_copied_addresses_leave_out_us_the_sender_and_unusable_addresses(settings):
    settings.REALDESK_OWN_ADDRESSES = []
    parsed = parse_message(
        make_email(
            to="support+t5@help.example.com, Bob <BOB@example.org>",
            headers={
                "Cc": "jane@example.org, bob@example.org, jösé@example.org, carol@example.org"
            },
        )
    )
    # An address a customer could not be identified by is left out, not the whole email.
    assert "jösé@example.org" in parsed.cc
    assert copied_addresses(parsed) == ["bob@example.org", "carol@example.org"]


def test_with_policy_cc_a_copied_person_replies_into_the_ticket(settings, copied_ticket):
    settings.REALDESK_EMAIL_STRANGER_POLICY = "cc"
    jane = copied_ticket.customer
    reply = bob_replies(copied_ticket, headers={"Cc": "eve@example.org"})
    assert reply.outcome == Outcome.REPLY_THREADED
    assert reply.ticket == copied_ticket
    message = reply.message
    assert message.author_customer.identities.get().value == "bob@example.org"
    assert message.body_text.startswith("I can confirm")
    copied_ticket.refresh_from_db()
    assert copied_ticket.customer == jane
    assert copied_ticket.awaiting_reply_since is not None
    # Only the customer copies people in; no acknowledgement of a reply.
    assert copied(copied_ticket) == ["bob@example.org"]
    assert not Customer.objects.filter(identities__value="eve@example.org").exists()
    assert OutboundEmail.objects.filter(ticket=copied_ticket).count() == 1  # Jane's ack


def test_with_policy_new_ticket_a_copied_person_gets_a_ticket_of_their_own(settings, copied_ticket):
    settings.REALDESK_EMAIL_STRANGER_POLICY = "new_ticket"
    reply = bob_replies(copied_ticket)
    assert reply.outcome == Outcome.TICKET_CREATED
    assert reply.ticket != copied_ticket
    assert reply.ticket.customer.identities.get().value == "bob@example.org"
    assert copied_ticket.messages.count() == 1
    ack = OutboundEmail.objects.get(ticket=reply.ticket)
    assert ack.to_address == "bob@example.org"
    assert "My printer is on fire" not in ack.body_text


@pytest.mark.parametrize("policy", POLICIES)
def test_a_stranger_with_the_ticket_token_gets_a_ticket_of_his_own(
    settings, copied_ticket, agent, policy
):
    settings.REALDESK_EMAIL_STRANGER_POLICY = policy
    message_send(ticket=copied_ticket, agent=agent, body_text="Unplug it, please.")
    ours = OutboundEmail.objects.get(kind="reply")
    stranger = receive(
        make_email(
            sender="mallory@evil.example",
            to=f"support+t{copied_ticket.number}@help.example.com",
            subject=f"Re: [#{copied_ticket.number}] Printer on fire",
            headers={"In-Reply-To": f"<{ours.rfc_message_id}>"},
        )
    )
    assert stranger.outcome == Outcome.TICKET_CREATED
    assert stranger.ticket != copied_ticket
    assert copied_ticket.messages.count() == 2
    assert copied(copied_ticket) == ["bob@example.org"]
    # His acknowledgement is about his own ticket; he gets none of Jane's conversation.
    mail = OutboundEmail.objects.filter(to_address="mallory@evil.example")
    assert [m.kind for m in mail] == ["ack"]
    assert "Unplug it" not in mail.get().body_text
    assert not OutboundEmail.objects.filter(cc_addresses__contains="mallory").exists()


def test_agent_reply_goes_to_the_customer_copying_the_ccs(settings, copied_ticket, agent):
    settings.REALDESK_EMAIL_STRANGER_POLICY = "cc"
    bob_replies(copied_ticket)  # the last email on the ticket is Bob's now
    message_send(ticket=copied_ticket, agent=agent, body_text="On our way.")
    reply = OutboundEmail.objects.get(kind="reply")
    assert reply.to_address == "jane@example.org"
    assert reply.cc_addresses == "bob@example.org"


def test_flagged_ccs_are_not_copied(copied_ticket, agent):
    AddressFlag.objects.create(
        address="bob@example.org", reason="550 no such user", flagged_at=copied_ticket.created_at
    )
    message_send(ticket=copied_ticket, agent=agent, body_text="On our way.")
    assert OutboundEmail.objects.get(kind="reply").cc_addresses == ""


def test_reply_to_a_ticket_merged_into_someone_elses_opens_a_ticket_not_quarantine(
    copied_ticket, agent, team
):
    bobs = receive(make_email(sender="bob@example.org", subject="Same fire")).ticket
    Ticket.objects.filter(pk=bobs.pk).update(team=team)
    ticket_merge(source=copied_ticket, target=bobs, actor=agent)
    reply = receive(make_email(subject=f"Re: [#{copied_ticket.number}] Printer on fire"))
    assert reply.outcome == Outcome.TICKET_CREATED
    assert reply.ticket not in (copied_ticket, bobs)
    assert reply.ticket.customer == copied_ticket.customer
