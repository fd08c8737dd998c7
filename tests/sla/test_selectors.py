"""What the ticket page and the lists show, and the attainment report."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from factories import AgentFactory, open_ticket
from realdesk.sla.actions import promise_make, sla_evaluate
from realdesk.sla.choices import Level, Metric
from realdesk.sla.selectors import sla_attainment, sla_for_ticket, sla_summaries
from realdesk.tickets.actions import message_send
from sla.conftest import H, berlin

pytestmark = pytest.mark.django_db


def test_ticket_sla_and_its_template(policy, customer, agent):
    opened = berlin(2026, 11, 23, 9, 0)
    ticket = open_ticket(customer=customer, at=opened)
    sla_evaluate(now=opened + 6 * H)
    promise_make(ticket=ticket, agent=agent, due_at=timezone.now() + H, what="courier news")
    sla = sla_for_ticket(ticket)
    assert [(t.metric, t.level) for t in sla.live] == [
        (Metric.FIRST_RESPONSE, Level.AT_RISK),
        (Metric.RESOLUTION, Level.OK),
    ]
    assert sla.level == Level.AT_RISK
    html = render_to_string("sla/_ticket_sla.html", {"sla": sla})
    assert "First response" in html
    assert "At risk" in html
    assert "courier news" in html


def test_summaries_give_worst_level_and_next_deadline(policy, customer):
    opened = berlin(2026, 11, 23, 9, 0)
    late, fresh = (open_ticket(customer=customer, at=opened + k * 8 * H) for k in (0, 1))
    sla_evaluate(now=opened + 8 * H)
    summaries = sla_summaries(ticket_ids=[late.pk, fresh.pk])
    assert summaries[late.pk].level == Level.BREACHED
    assert summaries[late.pk].due_at == opened + 8 * H
    assert summaries[fresh.pk].level == Level.OK


def test_attainment_counts_met_and_missed(policy, customer, team, agent, lead):
    opened = berlin(2026, 11, 23, 9, 0)
    quick, slow = (open_ticket(customer=customer, team=team, at=opened) for _ in range(2))
    message_send(ticket=quick, agent=agent, body_text="Hi", at=opened + H)
    message_send(ticket=slow, agent=agent, body_text="Sorry", at=opened + 25 * H)
    since = opened - timedelta(days=1)
    assert sla_attainment(actor=lead, since=since) == {
        Metric.FIRST_RESPONSE: {"met": 1, "missed": 1}
    }
    assert sla_attainment(actor=AgentFactory(), since=since) == {}
