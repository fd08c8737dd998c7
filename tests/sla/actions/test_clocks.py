"""Ticket events move the SLA clocks in the same transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import open_ticket
from realdesk.sla.choices import Level, Metric, Phase
from realdesk.sla.models import SLATarget
from realdesk.tickets.actions import (
    message_receive,
    message_send,
    ticket_set_priority,
    ticket_set_status,
)
from realdesk.tickets.choices import EventKind, Priority, Status
from sla.conftest import H, berlin

pytestmark = pytest.mark.django_db


def clocks(ticket):
    return {(t.metric, t.cycle): t for t in SLATarget.objects.filter(ticket=ticket)}


def test_new_ticket_starts_first_response_and_resolution_across_the_weekend(policy, customer):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 27, 16, 0))  # a Friday
    rows = clocks(ticket)
    first = rows[(Metric.FIRST_RESPONSE, 1)]
    # Friday 16-17 is one hour, Monday 09-16 the other seven
    assert first.due_at == berlin(2026, 11, 30, 16, 0)
    assert first.at_risk_at == berlin(2026, 11, 30, 14, 0)  # 6 of 8 hours
    assert (first.phase, first.level, first.policy) == (Phase.RUNNING, Level.OK, policy)
    # 40 business hours: Fri 1 h, then Mon-Thu 32 h, then 7 h on Friday
    assert rows[(Metric.RESOLUTION, 1)].due_at == berlin(2026, 12, 4, 16, 0)


def test_holiday_and_short_christmas_eve_push_the_deadline(policy, customer):
    ticket = open_ticket(customer=customer, at=berlin(2026, 12, 23, 15, 0))  # Wednesday
    # Wed 15-17 (2 h), Thu 24th 09-12 (3 h), 25th/26th closed, Mon 28th 09-12 (3 h)
    assert clocks(ticket)[(Metric.FIRST_RESPONSE, 1)].due_at == berlin(2026, 12, 28, 12, 0)


def test_opening_a_ticket_starts_its_clocks_without_reading_any(policy, customer):
    """A ticket opened this instant has no clocks to read: only the two new rows are
    written, in one insert."""
    with CaptureQueriesContext(connection) as queries:
        ticket = open_ticket(customer=customer)
    touching = [q["sql"].split()[0] for q in queries if '"sla_slatarget"' in q["sql"]]
    assert touching == ["INSERT"]
    assert set(clocks(ticket)) == {(Metric.FIRST_RESPONSE, 1), (Metric.RESOLUTION, 1)}


def test_no_policy_no_clocks(customer):
    ticket = open_ticket(customer=customer)
    assert clocks(ticket) == {}


def test_reply_achieves_first_response_with_an_event(policy, ticket, agent):
    opened = ticket.created_at
    message_send(ticket=ticket, agent=agent, body_text="On it.", at=opened + H)
    first = clocks(ticket)[(Metric.FIRST_RESPONSE, 1)]
    assert (first.phase, first.achieved_at, first.breached_at) == (
        Phase.STOPPED,
        opened + H,
        None,
    )
    event = ticket.events.get(kind=EventKind.SLA_CHANGED)
    assert event.after == "achieved"
    assert event.data["metric"] == Metric.FIRST_RESPONSE
    assert event.data["met"] is True


def test_late_reply_is_recorded_as_breached(policy, customer, agent):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 23, 9, 0))
    message_send(ticket=ticket, agent=agent, body_text="Sorry.", at=berlin(2026, 11, 24, 10, 0))
    first = clocks(ticket)[(Metric.FIRST_RESPONSE, 1)]
    assert first.breached_at == berlin(2026, 11, 23, 17, 0)
    assert first.level == Level.BREACHED
    assert ticket.events.get(kind=EventKind.SLA_CHANGED).data["met"] is False


def test_pending_pauses_and_customer_message_starts_next_response(policy, customer, agent):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 23, 9, 0))
    message_send(ticket=ticket, agent=agent, body_text="Which model?", at=berlin(2026, 11, 23, 10))
    resolution = clocks(ticket)[(Metric.RESOLUTION, 1)]
    assert (resolution.phase, resolution.due_at, resolution.elapsed) == (Phase.PAUSED, None, H)

    message_receive(
        ticket=ticket,
        customer=customer,
        body_text="The X1.",
        channel="email",
        at=berlin(2026, 11, 25, 9, 0),
    )
    rows = clocks(ticket)
    following = rows[(Metric.NEXT_RESPONSE, 1)]
    assert following.due_at == berlin(2026, 11, 25, 13, 0)
    resolution = rows[(Metric.RESOLUTION, 1)]
    assert resolution.phase == Phase.RUNNING
    # 1 hour spent before the pause; 39 left from Wednesday 09:00: 4 days of 8, then 7
    assert resolution.due_at == berlin(2026, 12, 1, 16, 0)


def test_solve_achieves_resolution_and_reopen_resumes_it(policy, customer, agent):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 23, 9, 0))
    message_send(
        ticket=ticket,
        agent=agent,
        body_text="Fixed.",
        status_after=Status.SOLVED,
        at=berlin(2026, 11, 23, 11, 0),
    )
    resolution = clocks(ticket)[(Metric.RESOLUTION, 1)]
    assert resolution.achieved_at == berlin(2026, 11, 23, 11, 0)
    ticket.refresh_from_db()
    ticket_set_status(ticket=ticket, status=Status.OPEN, actor=agent, at=berlin(2026, 11, 24, 9))
    resolution.refresh_from_db()
    assert (resolution.phase, resolution.achieved_at, resolution.elapsed) == (
        Phase.RUNNING,
        None,
        2 * H,
    )
    assert resolution.due_at == berlin(2026, 11, 30, 15, 0)  # 38 h from Tuesday 09:00


def test_on_hold_pauses_only_when_the_policy_says_so(policy, customer, agent):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 23, 9, 0))
    ticket_set_status(
        ticket=ticket, status=Status.ON_HOLD, actor=agent, at=berlin(2026, 11, 23, 10)
    )
    assert {t.phase for t in clocks(ticket).values()} == {Phase.PAUSED}
    policy.pause_on_hold = False
    policy.save()
    ticket_set_status(ticket=ticket, status=Status.OPEN, actor=agent, at=berlin(2026, 11, 23, 11))
    ticket_set_status(
        ticket=ticket, status=Status.ON_HOLD, actor=agent, at=berlin(2026, 11, 23, 12)
    )
    first = clocks(ticket)[(Metric.FIRST_RESPONSE, 1)]
    assert (first.phase, first.elapsed) == (Phase.RUNNING, H)


def test_raising_priority_switches_policy_keeping_time_spent(policy, urgent_policy, ticket, agent):
    ticket_set_priority(ticket=ticket, priority=Priority.URGENT, actor=agent)
    first = clocks(ticket)[(Metric.FIRST_RESPONSE, 1)]
    assert first.policy == urgent_policy
    assert first.target == H
    # the 24/7 policy measures from when the clock started: one hour after opening
    assert first.due_at == ticket.created_at + H


def test_closing_stops_every_clock(policy, ticket, agent):
    ticket_set_status(ticket=ticket, status=Status.SOLVED, actor=agent, reason="duplicate")
    ticket.refresh_from_db()
    ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent, reason="duplicate")
    rows = clocks(ticket).values()
    assert {t.phase for t in rows} == {Phase.STOPPED}
    assert [t.achieved_at is None for t in rows if t.metric == Metric.FIRST_RESPONSE] == [True]
