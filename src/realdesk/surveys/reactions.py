"""A solve asks the customer how it went, once the solve is committed."""

from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind, Status
from realdesk.tickets.models import Event


@reactions.after_commit(EventKind.STATUS_CHANGED)
def rating_request_enqueue(event_id: int) -> None:
    from realdesk.surveys.tasks import rating_ask_task

    if Event.objects.filter(pk=event_id, after=Status.SOLVED).exists():
        rating_ask_task.enqueue(event_id=event_id)
