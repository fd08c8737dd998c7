"""Copying people on a ticket: only its customer does it, each person once, and capped."""

import pytest

from factories import CustomerFactory
from realdesk.accounts.actions import customer_identity_add
from realdesk.accounts.models import Customer
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import cc as cc_action
from realdesk.tickets.actions import message_send, ticket_cc_add, ticket_set_status
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Event

pytestmark = pytest.mark.django_db


def copy(ticket, *addresses, by=None):
    return ticket_cc_add(ticket=ticket, addresses=addresses, actor_customer=by or ticket.customer)


def test_copied_addresses_become_people_on_the_ticket_with_an_event(ticket, customer):
    added = copy(ticket, "Bob@Example.org", "carol@example.org")
    assert [cc.address for cc in ticket.ccs.all()] == ["bob@example.org", "carol@example.org"]
    assert [cc.pk for cc in added] == [cc.pk for cc in ticket.ccs.all()]
    bob = Customer.objects.get(identities__value="bob@example.org")
    assert ticket.ccs.filter(customer=bob).exists()
    event = ticket.events.get(kind=EventKind.CC_ADDED)
    assert event.actor_customer == customer
    assert event.after == ["bob@example.org", "carol@example.org"]
    assert event.data == {}
    ticket.refresh_from_db()
    assert ticket.customer == customer


def test_the_customer_and_people_already_copied_are_skipped(ticket, customer):
    own = customer.identities.get().value
    copy(ticket, "bob@example.org", own.upper())
    assert copy(ticket, "bob@example.org", "BOB@example.org") == []
    assert [cc.address for cc in ticket.ccs.all()] == ["bob@example.org"]
    assert ticket.events.filter(kind=EventKind.CC_ADDED).count() == 1  # nothing new: no event


def test_another_address_of_a_copied_person_is_the_same_person(ticket):
    bob = CustomerFactory()
    copy(ticket, bob.identities.get().value)
    customer_identity_add(customer=bob, kind="email", value="bob.home@example.org")
    assert copy(ticket, "bob.home@example.org") == []
    assert ticket.ccs.count() == 1


def test_a_huge_cc_list_is_capped_and_the_rest_counted(ticket, monkeypatch):
    monkeypatch.setattr(cc_action, "MAX_TICKET_CCS", 2)
    copy(ticket, "a@example.org", "b@example.org", "c@example.org", "d@example.org")
    assert ticket.ccs.count() == 2
    event = ticket.events.get(kind=EventKind.CC_ADDED)
    assert event.after == ["a@example.org", "b@example.org"]
    assert event.data == {"left_out": 2}
    assert not Customer.objects.filter(identities__value="c@example.org").exists()
    assert copy(ticket, "e@example.org") == []
    assert ticket.ccs.count() == 2


def test_only_the_customer_copies_people(ticket):
    stranger = CustomerFactory()
    with pytest.raises(ApplicationError) as error:
        copy(ticket, "friend@example.org", by=stranger)
    assert error.value.code == "not_participant"
    assert not ticket.ccs.exists()


def test_a_bad_address_is_refused_and_nothing_is_copied(ticket):
    with pytest.raises(ApplicationError) as error:
        copy(ticket, "bob@example.org", "a@evil@victim.com")
    assert error.value.code == "invalid_email"
    assert "a@evil@victim.com" in error.value.message
    assert not ticket.ccs.exists()
    assert not Event.objects.filter(kind=EventKind.CC_ADDED).exists()


def test_a_closed_ticket_gets_no_new_people(ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Done", status_after=Status.SOLVED)
    ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent)
    with pytest.raises(ApplicationError) as error:
        copy(ticket, "bob@example.org")
    assert error.value.code == "ticket_closed"
    assert not ticket.ccs.exists()
