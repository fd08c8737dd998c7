"""Background work of the SLA app: tasks take ids and only call an action."""

from django.utils import timezone
from django_tasks import task

from realdesk.core import periodic
from realdesk.sla.actions import escalation_evaluate, sla_evaluate, sla_reschedule
from realdesk.sla.actions.pace import replies_tally_sweep
from realdesk.tickets.models import Event

EVALUATE_EVERY_SECONDS = 60
PACE_SWEEP_EVERY_SECONDS = 3600


@periodic.every(EVALUATE_EVERY_SECONDS)
@task()
def sla_evaluate_task() -> dict[str, int]:
    return sla_evaluate()


@task()
def escalation_check(*, event_ids: list[int]) -> list[str]:
    """The escalation rules evaluated once for each ticket of the events; what fired."""
    events = Event.objects.filter(pk__in=event_ids).select_related("ticket")
    tickets = {event.ticket_id: event.ticket for event in events.order_by("pk")}
    return [reason for ticket in tickets.values() for reason in escalation_evaluate(ticket=ticket)]


@task()
def sla_reschedule_task(*, calendar_id: int | None = None) -> int:
    return sla_reschedule(calendar_id=calendar_id)


@periodic.every(PACE_SWEEP_EVERY_SECONDS)
@task()
def replies_tally_sweep_task() -> int:
    return replies_tally_sweep(now=timezone.now())
