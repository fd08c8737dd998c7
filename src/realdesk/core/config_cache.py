"""Configuration remembered by each process, forgotten everywhere soon after a change.

Why: every ticket creation asked the database for the same SLA policies, webhook
subscriptions, escalation rules and open incidents, four queries for rows that change a few
times a month. A function decorated with `remembered_in_process(*models)` now runs once per
process and arguments, until the configuration version moves.

How changes reach every process: a save or delete of any of the `models` (or of their
many-to-many relations) bumps one `ConfigVersion` row in the writer's own transaction.
Each process reads that row at most every `CHECK_EVERY` seconds and forgets what it
remembered when the row moved. The bound: after a change commits, another process may act
on the old configuration for at most `CHECK_EVERY` seconds (plus the length of a request
already under way); the process that made the change forgets at once, on commit, and a
transaction that changed configuration reads it fresh until it ends.

Writes that bypass the model signals (`QuerySet.update`, raw SQL) must call
`config_changed()` themselves.
"""

import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import connection, transaction
from django.db.models import F, Model

from realdesk.core.batch_cache import on_writes
from realdesk.core.models import ConfigVersion

P = ParamSpec("P")
R = TypeVar("R")

#: Seconds a process may go without comparing its configuration with the database's.
CHECK_EVERY = 1.0
VERSION_ROW = "config"

_lock = threading.Lock()
_known: dict = {"version": None, "checked_at": float("-inf")}
_values: dict[tuple, tuple[int, object]] = {}
_writing = threading.local()  # this thread's transaction changed configuration


def remembered_in_process(*models: type[Model]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember the result per process and arguments; a write to any of `models` (or to
    their many-to-many relations), in any process, forgets it (see the module's bound)."""

    def decorate(read: Callable[P, R]) -> Callable[P, R]:
        @wraps(read)
        def remembering(*args: P.args, **kwargs: P.kwargs) -> R:
            if _changed_here():
                return read(*args, **kwargs)
            known = _version_known()
            key = (read, args, tuple(sorted(kwargs.items())))
            hit = _values.get(key)
            if hit is not None and hit[0] == known:
                return hit[1]  # type: ignore[return-value]
            # Read the version again beside the configuration: in a transaction whose
            # snapshot is older than the version this process knows (SQLite), the rows read
            # are older too and must not be remembered as current.
            seen = _version_read()
            value = read(*args, **kwargs)
            with _lock:
                if seen == _known["version"]:
                    _values[key] = (seen, value)
            return value

        on_writes(models, _on_write)
        return remembering

    return decorate


def config_changed() -> None:
    """Record a configuration change in the current transaction: every process forgets
    what it remembered (this one when the transaction commits, others within
    `CHECK_EVERY` seconds of it)."""
    updated = ConfigVersion.objects.filter(name=VERSION_ROW).update(value=F("value") + 1)
    if not updated:
        ConfigVersion.objects.get_or_create(name=VERSION_ROW, defaults={"value": 1})
    if connection.in_atomic_block:
        _writing.active = True
    transaction.on_commit(forget)


def _on_write(**kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed: once, after the change
        config_changed()


def _changed_here() -> bool:
    """Whether this thread's open transaction changed configuration (then it reads its own
    change, not what the process remembered). A rolled-back transaction leaves the flag
    set until the next read outside a transaction clears it."""
    if not getattr(_writing, "active", False):
        return False
    if connection.in_atomic_block:
        return True
    _writing.active = False
    return False


def forget() -> None:
    """Forget everything remembered; the next read compares the version again."""
    _writing.active = False
    with _lock:
        _values.clear()
        _known["checked_at"] = float("-inf")


def _version_known() -> int:
    """The configuration version, read from the database at most every CHECK_EVERY s."""
    if time.monotonic() - _known["checked_at"] < CHECK_EVERY:
        return _known["version"]
    _version_read()
    return _known["version"]


def _version_read() -> int:
    """The version in the database; any other one than this process knew forgets its
    copies (an older one: a transaction's old snapshot, or a database restored)."""
    value = (
        ConfigVersion.objects.filter(name=VERSION_ROW).values_list("value", flat=True).first() or 0
    )
    with _lock:
        if value != _known["version"]:
            _values.clear()
            _known["version"] = value
        _known["checked_at"] = time.monotonic()
    return value
