"""Promises follow the ticket: a new owner takes them over; a solve keeps or releases them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, TeamFactory
from realdesk.core.errors import ApplicationError
from realdesk.sla.actions import promise_make, promise_release, sla_evaluate
from realdesk.sla.choices import PromiseStatus
from realdesk.tickets.actions import (
    message_send,
    ticket_assign,
    ticket_customer_solve,
    ticket_set_status,
    ticket_transfer,
)
from realdesk.tickets.choices import EventKind, OpenPromises, Status
from realdesk.tickets.models import Ticket
from sla.conftest import H
from support.mail import sent_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(ticket, agent):
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    return promise_make(
        ticket=ticket, agent=agent, due_at=timezone.now() + 3 * H, what="the refund status"
    )


def solve(ticket, agent, **decision):
    """The agent sets the status to solved, saying what becomes of the open promises."""
    return ticket_set_status(
        ticket=ticket, status=Status.SOLVED, actor=agent, reason="Done", **decision
    )


def promise_events(ticket, after):
    return list(ticket.events.filter(kind=EventKind.PROMISE_CHANGED, after=after))


def test_a_transfer_hands_the_open_promises_to_the_new_owner(
    promise, ticket, agent, team, django_capture_on_commit_callbacks
):
    colleague = AgentFactory(teams=[team], full_name="Mei Chen")
    kept = promise_make(ticket=ticket, agent=agent, due_at=promise.due_at + H, what="the label")
    kept.status = PromiseStatus.KEPT
    kept.save(update_fields=["status"])

    ticket_transfer(ticket=ticket, actor=agent, owner=colleague, note="Refund is with the bank")

    promise.refresh_from_db()
    kept.refresh_from_db()
    assert (promise.agent, kept.agent) == (colleague, agent)  # what was done stays done
    (handed,) = promise_events(ticket, "handed_over")
    assert handed.data["from"] == {"id": agent.pk, "name": str(agent)}
    assert handed.data["to"] == {"id": colleague.pk, "name": "Mei Chen"}
    with django_capture_on_commit_callbacks(execute=True):
        sla_evaluate(now=promise.remind_at)
    sent = [m.to for m in sent_mail()]
    assert [colleague.email] in sent  # the reminder follows
    assert [agent.email] not in sent


def test_to_a_team_they_wait_for_whoever_takes_the_ticket(promise, ticket, agent):
    billing = TeamFactory(name="Billing")
    taker = AgentFactory(teams=[billing])
    ticket_transfer(ticket=ticket, actor=agent, team=billing, note="Refund question")
    promise.refresh_from_db()
    assert promise.agent == agent  # nobody owns the ticket: still theirs for now

    ticket_assign(ticket=ticket, owner=taker, actor=taker)

    promise.refresh_from_db()
    assert promise.agent == taker


def test_solving_without_saying_what_becomes_of_them_is_refused(promise, ticket, agent):
    with pytest.raises(ApplicationError) as error:
        solve(ticket, agent)
    assert error.value.code == "open_promises"
    assert "the refund status" in error.value.message
    ticket.refresh_from_db()
    promise.refresh_from_db()
    assert (ticket.status, promise.status) == (Status.NEW, PromiseStatus.OPEN)
    assert not ticket.events.filter(kind=EventKind.STATUS_CHANGED).exists()


def test_kept_open_it_is_still_tracked_and_the_decision_is_on_record(promise, ticket, agent):
    solve(ticket, agent, open_promises=OpenPromises.KEEP)
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.OPEN
    (held,) = promise_events(ticket, "kept_open")
    assert held.actor == agent
    assert sla_evaluate(now=promise.due_at)["promises_missed"] == 1


def test_released_with_the_agents_reason_the_customer_is_told(promise, ticket, agent):
    solve(
        ticket,
        agent,
        open_promises=OpenPromises.RELEASE,
        release_reason="the refund arrived before we could check",
    )
    promise.refresh_from_db()
    assert (promise.status, promise.release_reason) == (
        PromiseStatus.RELEASED,
        "the refund arrived before we could check",
    )
    assert promise.released_at is not None
    (released,) = promise_events(ticket, "released")
    assert released.actor == agent
    notice = released.data["customer_notice"]
    assert notice.startswith("We said we would update you ")
    assert notice.endswith(
        "on this: “the refund status”. That update is no longer coming: the refund arrived "
        "before we could check."
    )


def test_released_without_a_reason_says_the_ticket_was_solved(promise, ticket, agent):
    solve(ticket, agent, open_promises=OpenPromises.RELEASE)
    promise.refresh_from_db()
    assert promise.release_reason == "the ticket was solved"


def test_a_german_customer_reads_the_unsaid_release_reason_in_german(promise, ticket, agent):
    ticket.customer.language = "de"
    ticket.customer.save(update_fields=["language"])
    solve(ticket, agent, open_promises=OpenPromises.RELEASE)
    (released,) = promise_events(ticket, "released")
    assert released.data["customer_notice"].endswith(
        "Diese Nachricht entfällt: die Anfrage wurde gelöst."
    )


def test_the_customer_solving_is_asked_whether_they_still_want_the_update(promise, ticket):
    with pytest.raises(ApplicationError) as refused:
        ticket_customer_solve(ticket=ticket, customer=ticket.customer)
    assert refused.value.code == "open_promises"
    assert "Tell us whether you still want it" in refused.value.message
    assert Ticket.objects.get(pk=ticket.pk).status != Status.SOLVED  # nothing half done


def test_a_customer_who_still_wants_it_keeps_it_open_on_record(promise, ticket):
    ticket_customer_solve(ticket=ticket, customer=ticket.customer, open_promises="keep")
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.OPEN
    (kept,) = promise_events(ticket, "kept_open")
    assert kept.actor_customer == ticket.customer


def test_the_customers_release_sends_them_no_notice(promise, ticket):
    ticket_customer_solve(ticket=ticket, customer=ticket.customer, open_promises="release")
    promise.refresh_from_db()
    assert (promise.status, promise.release_reason) == (
        PromiseStatus.RELEASED,
        "solved by the customer",
    )
    (released,) = promise_events(ticket, "released")
    assert released.actor_customer == ticket.customer
    assert "customer_notice" not in released.data


def test_a_reply_that_solves_keeps_them_by_being_the_update(promise, ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Refund sent.", status_after=Status.SOLVED)
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.KEPT


def test_release_of_a_promise_no_longer_open_records_nothing(promise, ticket):
    now = timezone.now()
    assert promise_release(promise=promise, reason="no longer needed", at=now)
    assert not promise_release(promise=promise, reason="again", at=now + timedelta(seconds=1))
    assert len(promise_events(ticket, "released")) == 1
