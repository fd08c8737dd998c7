"""Escalation changes the clock, and what the customer was told follows it: a shorter
target is retold at once; a queue slipping past a told time is retold before it passes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from factories import CustomerFactory, open_ticket
from realdesk.accounts.choices import CustomerTier
from realdesk.comms.models import OutboundEmail
from realdesk.sla.actions import escalation_evaluate, sla_evaluate
from realdesk.sla.actions.defaults import sla_defaults_install
from realdesk.sla.actions.retell import eta_retell
from realdesk.sla.choices import Condition, Metric, Response
from realdesk.sla.eta import eta_tell
from realdesk.sla.models import (
    BusinessCalendar,
    EscalationRule,
    EtaPrediction,
    SLAPolicy,
    SLATarget,
)
from realdesk.sla.selectors import sla_for_ticket
from realdesk.tickets.actions import message_send, ticket_set_priority
from realdesk.tickets.choices import EventKind
from sla.conftest import H

pytestmark = pytest.mark.django_db
LEAVING = "I want to cancel my subscription, I am switching to another provider."


@pytest.fixture
def closed_for_weeks(db):
    """Open every day, but closed by holidays for the next three weeks: business time
    and plain time differ by weeks, whatever day the test runs."""
    today = timezone.localdate()
    return BusinessCalendar.objects.create(
        name="Closed for weeks",
        timezone="Europe/Berlin",
        weekly_hours={
            d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        },
        custom_holidays=[(today + timedelta(days=n)).isoformat() for n in range(-1, 22)],
    )


@pytest.fixture
def leaving_rule(db):
    return EscalationRule.objects.create(
        name="Leaving: answer within the hour, around the clock",
        condition=Condition.LEAVING,
        response=Response.SHORTEN_TARGET,
        respond_within=H,
        around_the_clock=True,
    )


def first_response(ticket) -> SLATarget:
    return SLATarget.objects.get(ticket=ticket, metric=Metric.FIRST_RESPONSE)


def notices(ticket) -> list[str]:
    return [m.body_text for m in OutboundEmail.objects.filter(ticket=ticket, kind="notice")]


def test_leaving_customer_gets_an_hour_around_the_clock_and_is_told(
    closed_for_weeks, leaving_rule, customer, django_capture_on_commit_callbacks
):
    SLAPolicy.objects.create(name="Office", calendar=closed_for_weeks, first_response=8 * H)
    ticket = open_ticket(customer=customer, body_text=LEAVING)
    told = eta_tell(ticket)
    assert told.eta > timezone.now() + timedelta(days=20)  # after the holidays
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert escalation_evaluate(ticket=ticket, now=now) == [Condition.LEAVING]
    row = first_response(ticket)
    assert (row.target, row.around_the_clock) == (H, True)
    assert row.due_at == now + H  # on a holiday: every hour counts now
    retold = sla_for_ticket(ticket).told
    assert retold != told
    assert retold.eta == row.due_at  # one ETA: the customer's is the engine's
    assert sla_for_ticket(ticket).told_differs == ""
    event = ticket.events.filter(kind=EventKind.SLA_CHANGED, after="eta_retold").get()
    assert event.data["told_before"] == told.phrase
    assert notices(ticket) == [
        f"Your request now goes ahead: you will hear from a person {retold.phrase}."
    ]


def test_the_shorter_target_outlives_a_change_of_policy(customer, lead):
    EscalationRule.objects.create(
        name="Leaving",
        condition=Condition.FRUSTRATION,
        response=Response.SHORTEN_TARGET,
        respond_within=2 * H,
    )
    SLAPolicy.objects.create(name="Standard", first_response=8 * H)
    SLAPolicy.objects.create(name="High", position=1, priorities=["high"], first_response=4 * H)
    ticket = open_ticket(customer=customer, body_text=LEAVING)
    escalation_evaluate(ticket=ticket)
    assert first_response(ticket).target <= 2 * H + timedelta(seconds=5)
    ticket_set_priority(ticket=ticket, priority="high", actor=lead)
    assert first_response(ticket).target <= 2 * H + timedelta(seconds=5)


def test_a_rule_never_lengthens_a_target(customer):
    EscalationRule.objects.create(
        name="Leaving", condition=Condition.FRUSTRATION, response=Response.SHORTEN_TARGET,
        respond_within=24 * H,
    )  # fmt: skip
    SLAPolicy.objects.create(name="Standard", first_response=8 * H)
    ticket = open_ticket(customer=customer, body_text=LEAVING)
    escalation_evaluate(ticket=ticket)
    assert first_response(ticket).target == 8 * H
    assert not ticket.events.filter(kind=EventKind.SLA_CHANGED, after="shortened").exists()


def test_a_slipping_estimate_is_retold_before_the_told_time_passes(
    customer, django_capture_on_commit_callbacks
):
    SLAPolicy.objects.create(name="Standard", first_response=8 * H)  # 24/7
    ticket = open_ticket(customer=customer)
    told = eta_tell(ticket)
    now = timezone.now()
    # What an earlier, shorter queue let us say: half an hour from now.
    EtaPrediction.objects.filter(pk=told.pk).update(
        eta=now + timedelta(minutes=30), phrase="by 12:30 pm today (by Sat 5 Dec, 12:30 pm UTC)"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sla_evaluate(now=now)["etas_retold"] == 1
    assert sla_evaluate(now=now)["etas_retold"] == 0  # told once
    retold = sla_for_ticket(ticket).told
    assert retold.eta == first_response(ticket).due_at
    (notice,) = notices(ticket)
    assert notice.startswith(
        "We told you that you would hear from a person by 12:30 pm today (by Sat 5 Dec, "
        "12:30 pm UTC). We will not manage that, and we are sorry"
    )
    assert notice.endswith(f"You will hear from a person {retold.phrase}.")
    assert ticket.events.filter(kind=EventKind.SLA_CHANGED, after="eta_retold").count() == 1


def test_nothing_is_retold_once_a_person_answered(customer, agent):
    SLAPolicy.objects.create(name="Standard", first_response=8 * H)
    ticket = open_ticket(customer=customer)
    told = eta_tell(ticket)
    EtaPrediction.objects.filter(pk=told.pk).update(eta=timezone.now() + timedelta(minutes=5))
    message_send(ticket=ticket, agent=agent, body_text="Here to help.")
    assert eta_retell(ticket=ticket, now=timezone.now()) is None


def test_default_rules_answer_a_leaving_customer_within_one_business_hour(customer):
    sla_defaults_install()
    ticket = open_ticket(customer=customer, body_text=LEAVING)
    now = timezone.now()
    assert Condition.LEAVING in escalation_evaluate(ticket=ticket, now=now)
    row = first_response(ticket)
    office = BusinessCalendar.objects.get(name="Office hours").build()
    spent = office.between(ticket.created_at, now)
    assert row.target == spent + H
    assert row.due_at == office.add(now, H)  # one business hour, not eight


def test_the_agent_sees_that_the_customer_was_told_a_new_time(
    closed_for_weeks, leaving_rule, customer, lead, client
):
    SLAPolicy.objects.create(name="Office", calendar=closed_for_weeks, first_response=8 * H)
    ticket = open_ticket(customer=customer, body_text=LEAVING)
    told = eta_tell(ticket)
    escalation_evaluate(ticket=ticket)
    client.force_login(lead)
    page = client.get(f"/agent/tickets/{ticket.number}/").content.decode()
    retold = sla_for_ticket(ticket).told
    assert "customer told a new time" in page
    assert f"<q>{retold.phrase}</q> (before: <q>{told.phrase}</q>)" in page
    assert "target shortened to 1:00:00" in page


def test_the_agent_sees_a_slip_retold_before_the_time_passed(customer, lead, client):
    """16.2: the customer hears of the slip before the told time, and the agent's ticket
    page says it happened: the new words, what was read before, and the history line."""
    SLAPolicy.objects.create(name="Standard", first_response=8 * H)  # 24/7
    ticket = open_ticket(customer=customer)
    told = eta_tell(ticket)
    now = timezone.now()
    first_told_at = now + timedelta(minutes=30)
    before = "by 12:30 pm today (by Sat 5 Dec, 12:30 pm UTC)"
    EtaPrediction.objects.filter(pk=told.pk).update(eta=first_told_at, phrase=before)
    assert sla_evaluate(now=now)["etas_retold"] == 1
    mail = OutboundEmail.objects.get(ticket=ticket, kind="notice")
    assert mail.created_at < first_told_at  # queued before the old time passed
    client.force_login(lead)
    page = client.get(f"/agent/tickets/{ticket.number}/").content.decode()
    retold = sla_for_ticket(ticket).told
    assert f'<q><time datetime="{retold.eta.isoformat()}">{retold.phrase}</time></q>' in page
    assert f"Told again: before, the customer had read <q>{before}</q>." in page
    assert "customer told a new time" in page


def test_default_rules_answer_a_leaving_vip_within_the_hour_around_the_clock():
    """16.5: "leaving" is one business hour for everyone, every hour counting for a VIP
    (their policy's clock runs 24/7); the customer's ETA follows at once."""
    sla_defaults_install()
    vip = CustomerFactory(tier=CustomerTier.VIP)
    ticket = open_ticket(customer=vip, body_text=LEAVING)
    told = eta_tell(ticket)
    now = timezone.now()
    assert Condition.LEAVING in escalation_evaluate(ticket=ticket, now=now)
    row = first_response(ticket)
    assert row.policy.name == "VIP customers, around the clock"
    assert row.due_at == now + H  # whatever the day and hour: the VIP calendar is 24/7
    retold = sla_for_ticket(ticket).told
    assert retold != told
    assert retold.eta == row.due_at


def test_a_raised_priority_that_brings_a_stricter_policy_is_retold(closed_for_weeks, customer):
    """16.5: escalated to a priority whose policy answers sooner, the customer is not left
    with the old time (the symptom: escalated yet kept the Monday 17:00 target)."""
    SLAPolicy.objects.create(name="Office", calendar=closed_for_weeks, first_response=8 * H)
    SLAPolicy.objects.create(name="Urgent", position=1, priorities=["urgent"], first_response=H)
    EscalationRule.objects.create(
        name="Angry goes first", condition=Condition.FRUSTRATION,
        response=Response.RAISE_PRIORITY, priority="urgent",
    )  # fmt: skip
    ticket = open_ticket(customer=customer, body_text="This is UNACCEPTABLE!!! " + LEAVING)
    told = eta_tell(ticket)
    assert Condition.FRUSTRATION in escalation_evaluate(ticket=ticket)
    row = first_response(ticket)
    assert row.policy.name == "Urgent"
    retold = sla_for_ticket(ticket).told
    assert retold != told
    assert retold.eta == row.due_at
