"""A calendar change moves every live deadline; time already spent stays spent."""

import pytest

from factories import open_ticket
from realdesk.sla.actions import sla_reschedule
from realdesk.sla.choices import Metric
from realdesk.sla.models import SLATarget
from realdesk.tickets.actions import message_send
from sla.conftest import berlin

pytestmark = pytest.mark.django_db


def test_longer_hours_bring_deadlines_forward(policy, office, customer, agent):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 23, 16, 0))
    first = SLATarget.objects.get(ticket=ticket, metric=Metric.FIRST_RESPONSE)
    assert first.due_at == berlin(2026, 11, 24, 16, 0)
    answered = open_ticket(customer=customer, at=berlin(2026, 11, 23, 9, 0))
    message_send(ticket=answered, agent=agent, body_text="Done", at=berlin(2026, 11, 23, 10))
    office.weekly_hours = {d: [["08:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    office.save()
    # two clocks of the first ticket, the paused one of the second
    assert sla_reschedule(calendar_id=office.pk, chunk=1) == 3
    first.refresh_from_db()
    assert first.due_at == berlin(2026, 11, 24, 12, 0)  # Monday 16-20, then Tuesday 08-12
    resolution = SLATarget.objects.get(ticket=answered, metric=Metric.RESOLUTION)
    # paused (pending) clocks have no deadline to move
    assert (resolution.due_at, resolution.elapsed.total_seconds()) == (None, 3600)


def test_policy_change_applies_to_live_clocks(policy, customer):
    ticket = open_ticket(customer=customer, at=berlin(2026, 11, 23, 9, 0))
    policy.first_response = policy.first_response / 2
    policy.save()
    sla_reschedule()
    first = SLATarget.objects.get(ticket=ticket, metric=Metric.FIRST_RESPONSE)
    assert first.due_at == berlin(2026, 11, 23, 13, 0)
