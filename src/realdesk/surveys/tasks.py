"""Background work of the surveys app: tasks take ids and only call an action."""

from django.conf import settings
from django_tasks import task

from realdesk.core import periodic
from realdesk.surveys.actions import nps_ask_due, rating_ask
from realdesk.tickets.models import Event

NPS_EVERY_SECONDS = 3600


@task()
def rating_ask_task(*, event_id: int) -> int | None:
    rating = rating_ask(solve_event=Event.objects.select_related("ticket").get(pk=event_id))
    return rating.pk if rating else None


@periodic.every(NPS_EVERY_SECONDS)
@task()
def nps_ask_task() -> int:
    return nps_ask_due() if settings.REALDESK_NPS_ENABLED else 0
