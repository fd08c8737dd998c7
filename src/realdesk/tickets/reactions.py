"""How other domains react to ticket events without tickets importing them.

Registries filled from each app's AppConfig.ready():

- `in_transaction`: derived state that must never disagree with the ticket (SLA due
  instants, say). Called inside the change's transaction, right after its Event is
  written; an exception rolls the whole change back. `in_transaction_all` is the same
  for a handler that takes all the events of a change at once (a bulk import's
  messages into many tickets), so that it reads what it needs once for all of them.
- `after_commit`: side effects (mail, webhooks, notifications), called with the event's id
  once the change is committed, typically to enqueue a background task. A failure here
  cannot undo the change, so handlers must be idempotent and retried by their tasks.
  `after_commit_all` is the same with all the change's events of its kinds (the written
  instances, so that a handler needing their tickets does not read the events back), so
  that a bulk import's hundred events make one task, not a hundred.
"""

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.db import transaction

from realdesk.core.registry import Registry
from realdesk.tickets.models import Event

InTransactionHandler = Callable[[Event], None]
AfterCommitHandler = Callable[[int], None]
InTransactionAllHandler = Callable[[list[Event]], None]
AfterCommitAllHandler = Callable[[list[Event]], None]
H = TypeVar("H")

# handler -> the kinds of event it takes, in registration order (the order handlers run)
_in_transaction: Registry[InTransactionHandler, frozenset[str]] = Registry(
    "reactions in the transaction"
)
_after_commit: Registry[AfterCommitHandler, frozenset[str]] = Registry("reactions after commit")
_in_transaction_all: Registry[InTransactionAllHandler, frozenset[str]] = Registry(
    "reactions in the transaction, all events at once"
)
_after_commit_all: Registry[AfterCommitAllHandler, frozenset[str]] = Registry(
    "reactions after commit, all events at once"
)


def _registering(registry: Registry[H, frozenset[str]], kinds: tuple[str, ...]) -> Callable[[H], H]:
    def register(handler: H) -> H:
        registry.register(handler, frozenset(kinds))
        return handler

    return register


def in_transaction(*kinds: str) -> Callable[[InTransactionHandler], InTransactionHandler]:
    return _registering(_in_transaction, kinds)


def in_transaction_all(*kinds: str) -> Callable[[InTransactionAllHandler], InTransactionAllHandler]:
    return _registering(_in_transaction_all, kinds)


def after_commit(*kinds: str) -> Callable[[AfterCommitHandler], AfterCommitHandler]:
    return _registering(_after_commit, kinds)


def after_commit_all(*kinds: str) -> Callable[[AfterCommitAllHandler], AfterCommitAllHandler]:
    return _registering(_after_commit_all, kinds)


def dispatch_all(events: list[Event]) -> None:
    """Called by record_events with the Events it wrote, in order: each handler of one
    event gets each of its events, then each handler of all gets all of its kinds."""
    for event in events:
        for handler, kinds in _in_transaction.items():
            if event.kind in kinds:
                handler(event)
    for handler, kinds in _in_transaction_all.items():
        if mine := [event for event in events if event.kind in kinds]:
            handler(mine)
    for event in events:
        for handler, kinds in _after_commit.items():
            if event.kind in kinds:
                transaction.on_commit(partial(handler, event.pk))
    for handler, kinds in _after_commit_all.items():
        if mine := [event for event in events if event.kind in kinds]:
            transaction.on_commit(partial(handler, mine))
