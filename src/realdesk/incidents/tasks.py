"""Background work of the incidents app: tasks take ids and only delegate."""

from django_tasks import task

from realdesk.core import periodic
from realdesk.incidents.actions.links import tickets_match_incidents
from realdesk.incidents.actions.subscriptions import confirmation_mail, subscribers_mail
from realdesk.incidents.models import StatusSubscriber
from realdesk.incidents.spike import spikes_suggest

SPIKE_CHECK_EVERY_SECONDS = 600


@task()
def incident_match_tickets(*, ticket_ids: list[int]) -> int:
    return len(tickets_match_incidents(ticket_ids=ticket_ids))


@task()
def incident_update_mail_subscribers(*, update_id: int) -> int:
    return subscribers_mail(update_id=update_id)


@task()
def status_confirmation_send(*, subscriber_id: int) -> bool:
    """Send the opt-in link, unless the subscriber confirmed or left meanwhile."""
    subscriber = StatusSubscriber.objects.filter(
        pk=subscriber_id, confirmed_at__isnull=True
    ).first()
    if subscriber is None:
        return False
    return bool(confirmation_mail(subscriber).send())


@periodic.every(SPIKE_CHECK_EVERY_SECONDS)
@task()
def incident_spikes_check() -> int:
    return len(spikes_suggest())
