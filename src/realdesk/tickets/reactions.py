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
  `after_commit_all` is the same with the ids of all the change's events of its kinds,
  so that a bulk import's hundred events make one task, not a hundred.
"""

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from django.db import transaction

from realdesk.tickets.models import Event

InTransactionHandler = Callable[[Event], None]
AfterCommitHandler = Callable[[int], None]
InTransactionAllHandler = Callable[[list[Event]], None]
AfterCommitAllHandler = Callable[[list[int]], None]
H = TypeVar("H")

_in_transaction: dict[str, list[InTransactionHandler]] = defaultdict(list)
_after_commit: dict[str, list[AfterCommitHandler]] = defaultdict(list)
# handler -> the kinds of event it takes, all of a change's at once
_in_transaction_all: dict[InTransactionAllHandler, frozenset[str]] = {}
_after_commit_all: dict[AfterCommitAllHandler, frozenset[str]] = {}


def in_transaction(*kinds: str) -> Callable[[InTransactionHandler], InTransactionHandler]:
    def register(handler: InTransactionHandler) -> InTransactionHandler:
        for kind in kinds:
            if handler not in _in_transaction[kind]:
                _in_transaction[kind].append(handler)
        return handler

    return register


def _registering_all(registry: dict[H, frozenset[str]], kinds: tuple[str, ...]) -> Callable[[H], H]:
    def register(handler: H) -> H:
        registry[handler] = frozenset(kinds)
        return handler

    return register


def in_transaction_all(*kinds: str) -> Callable[[InTransactionAllHandler], InTransactionAllHandler]:
    return _registering_all(_in_transaction_all, kinds)


def after_commit(*kinds: str) -> Callable[[AfterCommitHandler], AfterCommitHandler]:
    def register(handler: AfterCommitHandler) -> AfterCommitHandler:
        for kind in kinds:
            if handler not in _after_commit[kind]:
                _after_commit[kind].append(handler)
        return handler

    return register


def after_commit_all(*kinds: str) -> Callable[[AfterCommitAllHandler], AfterCommitAllHandler]:
    return _registering_all(_after_commit_all, kinds)


def dispatch_all(events: list[Event]) -> None:
    """Called by record_events with the Events it wrote, in order: each handler of one
    event gets each of its events, then each handler of all gets all of its kinds."""
    for event in events:
        for handler in _in_transaction.get(event.kind, ()):
            handler(event)
    for handler, kinds in _in_transaction_all.items():
        if mine := [event for event in events if event.kind in kinds]:
            handler(mine)
    for event in events:
        for handler in _after_commit.get(event.kind, ()):
            transaction.on_commit(partial(handler, event.pk))
    for handler, kinds in _after_commit_all.items():
        if ids := [event.pk for event in events if event.kind in kinds]:
            transaction.on_commit(partial(handler, ids))
