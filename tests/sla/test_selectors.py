"""What the ticket page and the lists show."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from factories import open_ticket
from realdesk.sla.actions import promise_make, sla_evaluate
from realdesk.sla.choices import Level, Metric
from realdesk.sla.selectors import sla_for_ticket, sla_summaries
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
