"""The periodic pass flags each clock once, however often and however many run it."""

from datetime import timedelta

import pytest

from factories import open_ticket
from realdesk.sla.actions import sla_evaluate
from realdesk.sla.choices import Level, Metric
from realdesk.sla.models import SLATarget
from realdesk.tickets.choices import EventKind
from sla.conftest import H, berlin

pytestmark = pytest.mark.django_db

MONDAY_9 = berlin(2026, 11, 23, 9, 0)


def first_response(ticket):
    return SLATarget.objects.get(ticket=ticket, metric=Metric.FIRST_RESPONSE)


def sla_events(ticket):
    return [
        (e.after, e.data["metric"])
        for e in ticket.events.filter(kind=EventKind.SLA_CHANGED).order_by("pk")
    ]


def test_at_risk_then_breached_each_once(policy, customer):
    ticket = open_ticket(customer=customer, at=MONDAY_9)
    assert sla_evaluate(now=MONDAY_9 + 5 * H)["at_risk"] == 0
    assert sla_evaluate(now=MONDAY_9 + 6 * H) == {
        "breached": 0,
        "at_risk": 1,
        "promises_missed": 0,
        "promises_reminded": 0,
        "etas_retold": 0,
    }
    assert sla_evaluate(now=MONDAY_9 + 7 * H)["at_risk"] == 0  # already flagged
    assert first_response(ticket).level == Level.AT_RISK
    assert sla_evaluate(now=MONDAY_9 + 8 * H)["breached"] == 1
    assert sla_evaluate(now=MONDAY_9 + 9 * H)["breached"] == 0
    row = first_response(ticket)
    assert (row.level, row.breached_at) == (Level.BREACHED, MONDAY_9 + 8 * H)
    assert sla_events(ticket) == [
        ("at_risk", Metric.FIRST_RESPONSE),
        ("breached", Metric.FIRST_RESPONSE),
    ]


def test_a_late_pass_flags_breach_not_at_risk_first(policy, customer):
    ticket = open_ticket(customer=customer, at=MONDAY_9)
    result = sla_evaluate(now=MONDAY_9 + timedelta(days=1))
    assert (result["breached"], result["at_risk"]) == (1, 0)
    assert sla_events(ticket) == [("breached", Metric.FIRST_RESPONSE)]
    assert first_response(ticket).breached_at == MONDAY_9 + 8 * H  # when it happened


def test_paused_clocks_are_never_flagged(policy, customer, agent):
    from realdesk.tickets.actions import ticket_set_status

    ticket = open_ticket(customer=customer, at=MONDAY_9)
    ticket_set_status(ticket=ticket, status="pending", actor=agent, at=MONDAY_9 + H)
    assert sla_evaluate(now=MONDAY_9 + timedelta(days=30))["breached"] == 0
    assert sla_events(ticket) == []


def test_many_tickets_in_batches(policy, customer, monkeypatch):
    from realdesk.sla.actions import evaluate

    monkeypatch.setattr(evaluate, "BATCH", 2)
    tickets = [open_ticket(customer=customer, at=MONDAY_9) for _ in range(5)]
    assert sla_evaluate(now=MONDAY_9 + 8 * H)["breached"] == 5
    assert all(first_response(t).level == Level.BREACHED for t in tickets)
