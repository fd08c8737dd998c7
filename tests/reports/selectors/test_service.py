"""SLA attainment, ETA honesty and promises kept, per period, team and channel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.reports.selectors import eta_met_rate, promises_kept_rate, sla_attainment
from realdesk.sla.actions import promise_keep, promise_make, sla_evaluate
from realdesk.sla.choices import Metric
from realdesk.sla.eta import first_response_eta
from realdesk.sla.models import EtaPrediction
from realdesk.tickets.actions import message_send
from reports.conftest import H, berlin, between

pytestmark = pytest.mark.django_db


def test_attainment_counts_met_and_missed_per_metric_and_team(policy, team, lead, late_november):
    """Due Monday 17:00 (8 open hours from 09:00): one answered at 10:00, one on Tuesday."""
    opened = berlin(2026, 11, 23, 9)
    billing = TeamFactory(name="Billing")
    quick = open_ticket(team=team, at=opened)
    slow = open_ticket(team=billing, at=opened)
    message_send(ticket=quick, agent=lead, body_text="Hi", at=opened + H)
    message_send(ticket=slow, agent=lead, body_text="Sorry", at=opened + 25 * H)
    result = sla_attainment(actor=lead, flt=late_november)
    assert (result.met, result.missed, result.rate) == (1, 1, 0.5)
    assert result.by_metric == {Metric.FIRST_RESPONSE: (1, 1)}
    assert result.by_team == {team.pk: (1, 0), billing.pk: (0, 1)}
    only_billing = between(late_november.since, late_november.until, team_id=billing.pk)
    assert sla_attainment(actor=lead, flt=only_billing).by_team == {billing.pk: (0, 1)}


def test_a_breach_counts_in_the_period_it_happened(policy, lead):
    """Due Monday 23 Nov 17:00, answered only on Tuesday 1 December: missed in the first
    week (even before the answer), and nothing at all in the second."""
    opened = berlin(2026, 11, 23, 9)
    ticket = open_ticket(at=opened)
    sla_evaluate(now=opened + 9 * H)
    first_week = between(berlin(2026, 11, 23), berlin(2026, 11, 30))
    assert sla_attainment(actor=lead, flt=first_week).missed == 1
    message_send(ticket=ticket, agent=lead, body_text="Sorry", at=berlin(2026, 12, 1, 9))
    second_week = between(berlin(2026, 11, 30), berlin(2026, 12, 7))
    second_week_missed = sla_attainment(actor=lead, flt=second_week).missed
    assert (sla_attainment(actor=lead, flt=second_week).met, second_week_missed) == (0, 0)
    assert sla_attainment(actor=lead, flt=first_week).missed == 1


def test_an_agent_counts_only_tickets_they_may_see(policy, team, lead, late_november):
    opened = berlin(2026, 11, 23, 9)
    ticket = open_ticket(team=TeamFactory(name="Billing"), at=opened)
    message_send(ticket=ticket, agent=lead, body_text="Hi", at=opened + H)
    outsider = AgentFactory(teams=[team])
    assert sla_attainment(actor=outsider, flt=late_november).met == 0
    assert sla_attainment(actor=lead, flt=late_november).met == 1


def test_eta_met_rate_counts_settled_predictions(policy, team, agent, lead):
    policy.calendar = None
    policy.save()
    now = timezone.now()
    flt = between(now - timedelta(days=1), now + timedelta(days=1))
    in_time, late, waiting = (open_ticket(team=team) for _ in range(3))
    for ticket in (in_time, late, waiting):
        first_response_eta(ticket)
    EtaPrediction.objects.filter(ticket=late).update(eta=now - H)
    message_send(ticket=in_time, agent=agent, body_text="Here.")
    message_send(ticket=late, agent=agent, body_text="Sorry, late.")
    result = eta_met_rate(actor=lead, flt=flt)
    assert (result.settled, result.met, result.rate) == (2, 1, 0.5)
    assert eta_met_rate(actor=AgentFactory(teams=[]), flt=flt).settled == 0  # not their team
    before = between(now - timedelta(days=3), now - timedelta(days=1))
    assert eta_met_rate(actor=lead, flt=before).rate is None


def test_promises_kept_of_those_decided(ticket, agent, lead):
    now = timezone.now()
    flt = between(now - timedelta(days=1), now + timedelta(days=1))
    kept, missed, open_ = (
        promise_make(ticket=ticket, agent=agent, due_at=now + k * H, what=f"news {k}")
        for k in (1, 2, 3)
    )
    promise_keep(promise=kept)
    sla_evaluate(now=missed.due_at)
    result = promises_kept_rate(actor=lead, flt=flt)
    assert (result.kept, result.missed, result.open) == (1, 1, 1)
    assert result.rate == 0.5
    assert open_.pk
