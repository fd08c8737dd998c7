"""Escalation rules fire once per reason, with the reason on the ticket."""

import pytest
from django.conf import settings

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.accounts.choices import CustomerTier, Role
from realdesk.sla.actions import escalation_evaluate, sla_evaluate
from realdesk.sla.choices import Condition, Response
from realdesk.sla.models import Escalation, EscalationRule, Watcher
from realdesk.tickets.actions import message_receive
from realdesk.tickets.choices import EventKind, Priority
from sla.conftest import H, berlin
from support.mail import sent_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_lead(team):
    return AgentFactory(role=Role.LEAD, teams=[team], email="lead@example.com")


@pytest.fixture
def frustration_rules(db):
    EscalationRule.objects.create(
        name="notify", condition=Condition.FRUSTRATION, response=Response.NOTIFY_LEAD
    )
    EscalationRule.objects.create(
        name="raise",
        condition=Condition.FRUSTRATION,
        response=Response.RAISE_PRIORITY,
        priority=Priority.URGENT,
    )


def test_frustrated_customer_escalates_once(
    frustration_rules, team_lead, customer, team, django_capture_on_commit_callbacks
):
    ticket = open_ticket(customer=customer, team=team, body_text="This is UNACCEPTABLE!!!")
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation_evaluate(ticket=ticket) == [Condition.FRUSTRATION]
    ticket.refresh_from_db()
    assert ticket.priority == Priority.URGENT
    event = ticket.events.get(kind=EventKind.ESCALATED)
    assert event.after == Condition.FRUSTRATION
    assert event.data["reason"] == "frustration: negative words, exclamation marks"
    assert event.data["facts"] == {
        "code": "frustration",
        "params": {"signals": ["negative", "exclamations"]},
    }
    assert event.data["notified"] == ["lead@example.com"]
    assert [m.to for m in sent_mail()] == [["lead@example.com"]]
    assert f"{settings.BASE_URL}/agent/tickets/{ticket.number}/" in sent_mail()[0].body
    priority = ticket.events.get(kind=EventKind.PRIORITY_CHANGED)
    assert (priority.actor, priority.after) == (None, Priority.URGENT)

    message_receive(ticket=ticket, customer=customer, body_text="STILL NOTHING!!!", channel="email")
    assert escalation_evaluate(ticket=ticket) == []
    assert Escalation.objects.filter(ticket=ticket).count() == 1
    assert len(sent_mail()) == 1


def test_calm_customer_is_not_escalated(frustration_rules, ticket):
    assert escalation_evaluate(ticket=ticket) == []
    assert not ticket.events.filter(kind=EventKind.ESCALATED).exists()


def test_sla_at_risk_reassigns_to_senior_team_and_adds_watcher(policy, customer, team):
    seniors = TeamFactory(name="Senior")
    watcher = AgentFactory(role=Role.LEAD)
    EscalationRule.objects.create(
        name="to seniors",
        condition=Condition.SLA_AT_RISK,
        response=Response.REASSIGN_TEAM,
        team=seniors,
    )
    EscalationRule.objects.create(
        name="watch",
        condition=Condition.SLA_AT_RISK,
        response=Response.ADD_WATCHER,
        watcher=watcher,
    )
    opened = berlin(2026, 11, 23, 9, 0)
    ticket = open_ticket(customer=customer, team=team, at=opened)
    assert escalation_evaluate(ticket=ticket, now=opened + H) == []
    sla_evaluate(now=opened + 6 * H)
    assert escalation_evaluate(ticket=ticket, now=opened + 6 * H) == [Condition.SLA_AT_RISK]
    ticket.refresh_from_db()
    assert ticket.team == seniors
    assert Watcher.objects.filter(ticket=ticket, agent=watcher).exists()
    event = ticket.events.get(kind=EventKind.ESCALATED)
    assert event.data["reason"] == "First response at risk, due Mon Nov 23, 17:00 CET"
    assert event.data["watchers"] == [str(watcher)]


def test_vip_and_repeat_contact(team):
    EscalationRule.objects.create(
        name="vip", condition=Condition.VIP, response=Response.RAISE_PRIORITY, priority="high"
    )
    EscalationRule.objects.create(
        name="again",
        condition=Condition.REPEAT_CONTACT,
        response=Response.RAISE_PRIORITY,
        priority="urgent",
    )
    vip = CustomerFactory(tier=CustomerTier.VIP)
    first = open_ticket(customer=vip, subject="Invoice shows wrong address")
    assert escalation_evaluate(ticket=first) == [Condition.VIP]
    second = open_ticket(customer=vip, subject="Re: wrong address on invoice")
    assert escalation_evaluate(ticket=second) == [Condition.REPEAT_CONTACT, Condition.VIP]
    second.refresh_from_db()
    assert second.priority == Priority.URGENT
    reasons = second.events.filter(kind=EventKind.ESCALATED).values_list("data", flat=True)
    assert {r["reason"] for r in reasons} == {f"same issue as #{first.number}", "VIP customer"}


def test_a_german_lead_reads_the_escalation_and_its_reason_in_german(team):
    AgentFactory(role=Role.LEAD, teams=[team], email="leitung@example.com", language="de")
    EscalationRule.objects.create(
        name="again", condition=Condition.REPEAT_CONTACT, response=Response.NOTIFY_LEAD
    )
    customer = CustomerFactory()
    first = open_ticket(customer=customer, team=team, subject="Invoice shows wrong address")
    second = open_ticket(customer=customer, team=team, subject="Re: wrong address on invoice")
    assert escalation_evaluate(ticket=second) == [Condition.REPEAT_CONTACT]
    (mail,) = sent_mail()
    assert f"gleiche Anfrage wie #{first.number}" in mail.body
    assert "same issue as" not in mail.body
    # The English text stays recorded beside the phrase, for searches and logs.
    row = Escalation.objects.get(ticket=second)
    assert row.detail == f"same issue as #{first.number}"
    assert row.facts == {"code": "same_issue", "params": {"number": first.number}}
