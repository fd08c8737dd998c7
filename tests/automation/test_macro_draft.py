"""`{eta}` fills in every status: a running clock, an open promise, the customer's move,
what they were told, or the queue's estimate; never the literal placeholder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.automation.actions import macro_create
from realdesk.automation.placeholders import PLACEHOLDERS
from realdesk.automation.selectors import macro_draft
from realdesk.sla.actions.promises import promise_make
from realdesk.sla.eta import first_response_eta
from realdesk.sla.models import EtaPrediction, SLAPolicy, SLATarget
from realdesk.sla.phrasing import describe_told
from realdesk.tickets.actions.messages import message_send
from realdesk.tickets.actions.status import ticket_set_status

pytestmark = pytest.mark.django_db
H = timedelta(hours=1)


@pytest.fixture
def macro(agent):
    return macro_create(actor=agent, title="When", body="You will hear from us {eta}.")


@pytest.fixture
def round_the_clock(db):
    return SLAPolicy.objects.create(
        name="24/7", first_response=8 * H, next_response=4 * H, resolution=40 * H
    )


def draft(macro, ticket, agent) -> str:
    ticket.refresh_from_db()
    return macro_draft(macro=macro, ticket=ticket, actor=agent)


def phrase(when, language="en") -> str:
    return describe_told(when, now=timezone.now(), timezone="UTC", language=language)


def test_a_running_clock_is_quoted(settings, macro, agent, round_the_clock, ticket):
    settings.TIME_ZONE = "UTC"
    due = SLATarget.objects.get(ticket=ticket, metric="first_response").due_at
    assert draft(macro, ticket, agent) == f"You will hear from us {phrase(due)}."


def test_pending_says_the_next_move_is_the_customers(macro, agent, round_the_clock, ticket):
    message_send(ticket=ticket, agent=agent, body_text="Could you send the order number?")
    assert draft(macro, ticket, agent) == "You will hear from us as soon as you reply."


def test_pending_in_german_for_a_german_customer(macro, agent, ticket):
    ticket.customer.language = "de"
    ticket.customer.save()
    message_send(ticket=ticket, agent=agent, body_text="Bestellnummer?")
    assert draft(macro, ticket, agent) == "You will hear from us sobald Sie uns antworten."


def test_an_open_promise_on_a_pending_ticket_is_what_we_owe(settings, macro, agent, ticket):
    settings.TIME_ZONE = "UTC"
    message_send(ticket=ticket, agent=agent, body_text="Checking with the warehouse.")
    due = timezone.now() + 30 * H
    promise_make(ticket=ticket, agent=agent, due_at=due, what="the warehouse's answer")
    assert draft(macro, ticket, agent) == f"You will hear from us {phrase(due)}."


def test_solved_waits_for_the_customer_to_write_back(macro, agent, ticket):
    message_send(ticket=ticket, agent=agent, body_text="Done.", status_after="solved")
    assert draft(macro, ticket, agent) == "You will hear from us as soon as you write back to us."


def test_on_hold_without_clocks_quotes_what_the_customer_was_told(settings, macro, agent, ticket):
    settings.TIME_ZONE = "UTC"
    told = first_response_eta(ticket)
    ticket_set_status(ticket=ticket, status="on_hold", actor=agent)
    assert draft(macro, ticket, agent) == f"You will hear from us {phrase(told)}."


def test_without_anything_told_the_queue_is_estimated_and_nothing_recorded(macro, agent, ticket):
    text = draft(macro, ticket, agent)
    assert "{eta}" not in text
    assert text.startswith("You will hear from us ")
    assert not EtaPrediction.objects.filter(ticket=ticket).exists()


ROUTES = {  # how a ticket reaches each status from new
    "new": [],
    "open": ["open"],
    "pending": ["pending"],
    "on_hold": ["on_hold"],
    "solved": ["solved"],
    "closed": ["solved", "closed"],
}


@pytest.mark.parametrize("status", sorted(ROUTES))
@pytest.mark.parametrize("with_policy", [True, False], ids=["sla", "no-sla"])
def test_every_placeholder_fills_in_every_status(agent, ticket, status, with_policy, db):
    """16.7: no placeholder ever reaches a customer as typed, whatever the ticket's status
    and whether or not a service level governs it."""
    if with_policy:
        SLAPolicy.objects.create(name="24/7", first_response=8 * H, resolution=40 * H)
    every = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    macro = macro_create(actor=agent, title="All", body=every)
    for step in ROUTES[status]:
        ticket_set_status(ticket=ticket, status=step, actor=agent, reason="by phone")
    text = draft(macro, ticket, agent)
    assert "{" not in text, text
    assert all(part.strip() for part in text.split(" ")), text  # nothing filled with ""
