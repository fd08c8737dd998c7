"""New tickets' questions are embedded after they commit, by a task: the model must never
hold up intake, nor the live chat. One deferred, low-priority run gathers every question
asked meanwhile: with a task per ticket, 1,000 chats started at once made 1,000 tasks (three
writes each to claim and finish) and kept the worker embedding for minutes while the chat
sockets waited (40-45% of the web process's samples, bench/chat_load.py)."""

from datetime import timedelta

from realdesk.core.enqueue import task_gather
from realdesk.tickets import reactions
from realdesk.tickets.choices import EventKind
from realdesk.tickets.models import Event

QUESTIONS_TASK = "realdesk.knowledge.tasks.questions_record_missing"
QUESTIONS_GATHER = timedelta(seconds=60)  # how long questions may wait to be embedded together
QUESTIONS_PRIORITY = -50  # after a waiting task of the desk's own (mail, webhooks, SLA)


@reactions.after_commit_all(EventKind.CREATED)
def questions_record_new(events: list[Event]) -> None:
    task_gather(QUESTIONS_TASK, after=QUESTIONS_GATHER, priority=QUESTIONS_PRIORITY)
