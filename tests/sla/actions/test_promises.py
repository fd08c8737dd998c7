"""Promises: made, kept by the next reply, reminded once, missed honestly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.sla.actions import (
    escalation_evaluate,
    promise_keep,
    promise_make,
    sla_evaluate,
)
from realdesk.sla.choices import Condition, PromiseStatus, Response
from realdesk.sla.models import EscalationRule, Promise
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import EventKind, Priority
from sla.conftest import H
from support.mail import sent_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(ticket, agent):
    return promise_make(
        ticket=ticket, agent=agent, due_at=timezone.now() + 3 * H, what="the refund status"
    )


def promise_events(ticket):
    return list(
        ticket.events.filter(kind=EventKind.PROMISE_CHANGED).values_list("after", flat=True)
    )


def test_make_records_it_with_a_reminder_an_hour_before(promise, ticket):
    assert promise.remind_at == promise.due_at - H
    assert promise_events(ticket) == ["made"]
    event = ticket.events.get(kind=EventKind.PROMISE_CHANGED)
    assert event.data["what"] == "the refund status"


def test_short_promise_is_reminded_halfway(ticket, agent):
    now = timezone.now()
    short = promise_make(
        ticket=ticket, agent=agent, due_at=now + 40 * timedelta(minutes=1), what="x", at=now
    )
    assert short.remind_at == now + 20 * timedelta(minutes=1)


@pytest.mark.parametrize(
    ("due_in", "what", "code"),
    [(-H, "news", "in_past"), (H, "   ", "empty")],
)
def test_bad_promises_are_refused_and_nothing_is_saved(ticket, agent, due_in, what, code):
    with pytest.raises(ApplicationError) as error:
        promise_make(ticket=ticket, agent=agent, due_at=timezone.now() + due_in, what=what)
    assert error.value.code == code
    assert not Promise.objects.exists()
    assert promise_events(ticket) == []


def test_naive_time_is_refused(ticket, agent):
    with pytest.raises(ApplicationError) as error:
        promise_make(
            ticket=ticket, agent=agent, due_at=timezone.now().replace(tzinfo=None), what="x"
        )
    assert error.value.code == "invalid_time"


def test_read_only_cannot_promise(ticket, read_only):
    with pytest.raises(PermissionDeniedError):
        promise_make(ticket=ticket, agent=read_only, due_at=timezone.now() + H, what="x")


def test_a_reply_keeps_it(promise, ticket, agent):
    message_send(ticket=ticket, agent=agent, body_text="Refund is on its way.")
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.KEPT
    assert promise_events(ticket) == ["made", "kept"]
    assert promise_keep(promise=promise) is False  # already kept: nothing recorded twice
    assert promise_events(ticket) == ["made", "kept"]


def test_reminder_once_then_missed_with_honest_notice_and_escalation(
    promise, ticket, agent, django_capture_on_commit_callbacks
):
    EscalationRule.objects.create(
        name="raise",
        condition=Condition.PROMISE_MISSED,
        response=Response.RAISE_PRIORITY,
        priority=Priority.HIGH,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sla_evaluate(now=promise.remind_at)["promises_reminded"] == 1
        assert sla_evaluate(now=promise.remind_at + timedelta(minutes=1))["promises_reminded"] == 0
    # The customer's "made" notice went out too; the agents got the one reminder.
    reminders = [m for m in sent_mail() if m.to != [ticket.customer.identities.get().value]]
    assert [m.to for m in reminders] == [[agent.email]]
    assert f"/agent/tickets/{promise.ticket.number}/" in reminders[0].body
    assert sla_evaluate(now=promise.due_at)["promises_missed"] == 1
    assert sla_evaluate(now=promise.due_at + H)["promises_missed"] == 0
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.MISSED
    missed = ticket.events.get(kind=EventKind.PROMISE_CHANGED, after="missed")
    assert missed.data["customer_notice"].startswith("We promised to update you by ")
    assert "the refund status" in missed.data["customer_notice"]
    assert escalation_evaluate(ticket=ticket) == [Condition.PROMISE_MISSED]
    ticket.refresh_from_db()
    assert ticket.priority == Priority.HIGH
