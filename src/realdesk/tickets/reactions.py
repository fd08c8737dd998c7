"""How other domains react to ticket events without tickets importing them.

Two registries, filled from each app's AppConfig.ready():

- `in_transaction`: derived state that must never disagree with the ticket (SLA due
  instants, say). Called inside the change's transaction, right after its Event is
  written; an exception rolls the whole change back.
- `after_commit`: side effects (mail, webhooks, notifications), called with the event's id
  once the change is committed, typically to enqueue a background task. A failure here
  cannot undo the change, so handlers must be idempotent and retried by their tasks.
"""

from collections import defaultdict
from collections.abc import Callable
from functools import partial

from django.db import transaction

from realdesk.tickets.models import Event

InTransactionHandler = Callable[[Event], None]
AfterCommitHandler = Callable[[int], None]

_in_transaction: dict[str, list[InTransactionHandler]] = defaultdict(list)
_after_commit: dict[str, list[AfterCommitHandler]] = defaultdict(list)


def in_transaction(*kinds: str) -> Callable[[InTransactionHandler], InTransactionHandler]:
    def register(handler: InTransactionHandler) -> InTransactionHandler:
        for kind in kinds:
            if handler not in _in_transaction[kind]:
                _in_transaction[kind].append(handler)
        return handler

    return register


def after_commit(*kinds: str) -> Callable[[AfterCommitHandler], AfterCommitHandler]:
    def register(handler: AfterCommitHandler) -> AfterCommitHandler:
        for kind in kinds:
            if handler not in _after_commit[kind]:
                _after_commit[kind].append(handler)
        return handler

    return register


def dispatch(event: Event) -> None:
    """Called by record_event for every Event it writes."""
    for handler in _in_transaction.get(event.kind, ()):
        handler(event)
    for handler in _after_commit.get(event.kind, ()):
        transaction.on_commit(partial(handler, event.pk))
