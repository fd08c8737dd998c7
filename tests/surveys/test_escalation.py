"""A customer who rated us bad recently is escalated early on their next ticket."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import open_ticket
from realdesk.sla.actions import escalation_evaluate
from realdesk.sla.choices import Condition, Response
from realdesk.sla.models import EscalationRule
from realdesk.surveys.actions import rating_ask, rating_record
from realdesk.surveys.models import Rating
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import EventKind, Priority

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_bad(agent, customer, team):
    earlier = open_ticket(customer=customer, team=team)
    message_send(ticket=earlier, agent=agent, body_text="Done.", status_after="solved")
    solved = earlier.events.get(kind=EventKind.STATUS_CHANGED, after="solved")
    return rating_record(rating=rating_ask(solve_event=solved), score="bad")


@pytest.fixture
def rule(db):
    return EscalationRule.objects.create(
        name="unhappy before",
        condition=Condition.BAD_SATISFACTION,
        response=Response.RAISE_PRIORITY,
        priority=Priority.HIGH,
    )


def test_next_ticket_of_an_unhappy_customer_is_escalated(rule, rated_bad, customer, team):
    ticket = open_ticket(customer=customer, team=team)
    assert escalation_evaluate(ticket=ticket) == [Condition.BAD_SATISFACTION]
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH
    event = ticket.events.get(kind=EventKind.ESCALATED, after=Condition.BAD_SATISFACTION)
    assert event.data["reason"] == f"rated us bad on #{rated_bad.ticket.number} recently"


def test_an_old_bad_rating_is_forgiven(rule, rated_bad, customer, team):
    Rating.objects.filter(pk=rated_bad.pk).update(rated_at=timezone.now() - timedelta(days=91))
    ticket = open_ticket(customer=customer, team=team)
    assert escalation_evaluate(ticket=ticket) == []
