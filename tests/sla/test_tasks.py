"""The tasks only delegate; the evaluator is a periodic job of every worker."""

import pytest

from realdesk.core import periodic
from realdesk.sla.choices import Condition, Response
from realdesk.sla.models import Escalation, EscalationRule
from realdesk.sla.tasks import escalation_check, sla_evaluate_task

pytestmark = pytest.mark.django_db


def test_evaluator_is_registered_every_minute():
    jobs = {job.name: job.interval.total_seconds() for job in periodic.registered_jobs()}
    assert jobs[sla_evaluate_task.module_path] == 60


def test_escalation_check_takes_an_event_id(ticket):
    EscalationRule.objects.create(
        name="vip", condition=Condition.VIP, response=Response.NOTIFY_LEAD
    )
    ticket.customer.tier = "vip"
    ticket.customer.save()
    created = ticket.events.get(kind="created")
    assert escalation_check.call(event_id=created.pk) == [Condition.VIP]
    assert escalation_check.call(event_id=created.pk) == []
    assert Escalation.objects.get(ticket=ticket).detail == "VIP customer"


def test_evaluate_task_runs_a_pass():
    assert sla_evaluate_task.call() == {
        "breached": 0,
        "at_risk": 0,
        "promises_missed": 0,
        "promises_reminded": 0,
    }
