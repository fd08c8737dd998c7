"""New tickets are checked against the open incidents after they commit (a task, so a slow
check never holds up intake, and a bulk import makes one task, not one per ticket)."""

from realdesk.core.enqueue import task_enqueue
from realdesk.incidents.selectors import incidents_matching_open
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

MATCH_TASK = "realdesk.incidents.tasks.incident_match_tickets"


@reactions.after_commit_all(EventKind.CREATED)
def incident_match_new_tickets(events: list[Event]) -> None:
    if incidents_matching_open():
        task_enqueue(MATCH_TASK, ticket_ids=[event.ticket_id for event in events])
