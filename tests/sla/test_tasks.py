"""The tasks only delegate; the evaluator is a periodic job of every worker."""

import pytest

from factories import CustomerFactory, open_ticket
from realdesk.core import periodic
from realdesk.sla.choices import Condition, Response
from realdesk.sla.models import Escalation, EscalationRule
from realdesk.sla.reactions import check_escalation
from realdesk.sla.tasks import escalation_check, sla_evaluate_task
from realdesk.tickets.actions.customer_messages import CustomerMessage, customer_messages_add

pytestmark = pytest.mark.django_db


def test_evaluator_is_registered_every_minute():
    jobs = {job.name: job.interval.total_seconds() for job in periodic.registered_jobs()}
    assert jobs[sla_evaluate_task.module_path] == 60


def test_escalation_check_takes_event_ids_and_checks_each_ticket_once(ticket, customer):
    EscalationRule.objects.create(
        name="vip", condition=Condition.VIP, response=Response.NOTIFY_LEAD
    )
    ticket.customer.tier = "vip"
    ticket.customer.save()
    other = open_ticket(customer=CustomerFactory(tier="vip"))
    events = [*ticket.events.all(), *other.events.all(), *ticket.events.all()]
    ids = [event.pk for event in events]
    assert escalation_check.call(event_ids=ids) == [Condition.VIP, Condition.VIP]
    assert escalation_check.call(event_ids=ids) == []
    assert Escalation.objects.get(ticket=ticket).detail == "VIP customer"
    assert Escalation.objects.filter(ticket=other).count() == 1


def test_a_bulk_import_enqueues_one_escalation_check(django_capture_on_commit_callbacks):
    EscalationRule.objects.create(
        name="vip", condition=Condition.VIP, response=Response.NOTIFY_LEAD
    )
    customer = CustomerFactory()
    tickets = [open_ticket(customer=customer, subject=f"T{n}") for n in range(3)]
    items = [
        CustomerMessage(ticket=ticket, customer=customer, body_text="More", channel="email")
        for ticket in tickets
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        customer_messages_add(items)
    escalations = [c for c in callbacks if getattr(c, "func", None) is check_escalation]
    assert len(escalations) == 1
    assert len(escalations[0].args[0]) == 3


def test_evaluate_task_runs_a_pass():
    assert sla_evaluate_task.call() == {
        "breached": 0,
        "at_risk": 0,
        "promises_missed": 0,
        "promises_reminded": 0,
        "etas_retold": 0,
    }
