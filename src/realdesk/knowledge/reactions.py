"""New tickets' questions are embedded after they commit, by a task: the model must never
hold up intake, and a bulk import makes one task, not one per ticket."""

from realdesk.core.enqueue import task_enqueue
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

QUESTIONS_TASK = "realdesk.knowledge.tasks.questions_record"


@reactions.after_commit_all(EventKind.CREATED)
def questions_record_new(events: list[Event]) -> None:
    task_enqueue(QUESTIONS_TASK, ticket_ids=[event.ticket_id for event in events])
