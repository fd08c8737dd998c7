"""Reads of configuration remembered for the length of one batch of work.

Why: a bulk import runs hundreds of emails through the same actions, and each asked the
database again for the same SLA policies, webhook subscriptions and escalation rules.
Inside `batch_scope()` a function decorated with `remembered_in_batch` runs once per
distinct arguments; outside a scope it runs every time, as before. Remembering only for
one batch (a fraction of a second) keeps every process current without any
cross-process invalidation, and a change saved or deleted within the batch itself (in
this process) forgets everything remembered, so the batch never acts on what it changed.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

P = ParamSpec("P")
R = TypeVar("R")

_remembered: ContextVar[dict | None] = ContextVar("realdesk_batch_cache", default=None)


@contextmanager
def batch_scope() -> Iterator[None]:
    """Remember configuration reads until the block ends; nested scopes share the outer one."""
    if _remembered.get() is not None:
        yield
        return
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def remembered_in_batch(*models: type[Model]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember the result inside a batch scope; a write to any of `models` (or to their
    many-to-many relations) forgets what the scope remembered."""

    def decorate(read: Callable[P, R]) -> Callable[P, R]:
        @wraps(read)
        def remembering(*args: P.args, **kwargs: P.kwargs) -> R:
            remembered = _remembered.get()
            if remembered is None:
                return read(*args, **kwargs)
            key = (read, args, tuple(sorted(kwargs.items())))
            if key not in remembered:
                remembered[key] = read(*args, **kwargs)
            return remembered[key]

        on_writes(models, _forget)
        return remembering

    return decorate


def on_writes(models: tuple[type[Model], ...], handler: Callable[..., None]) -> None:
    """Call `handler` after every save or delete of the models and every change of their
    many-to-many relations (m2m_changed sends its `action`, pre_ and post_ alike)."""
    for model in models:
        post_save.connect(handler, sender=model, weak=False)
        post_delete.connect(handler, sender=model, weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(handler, sender=field.remote_field.through, weak=False)


def _forget(**kwargs) -> None:
    remembered = _remembered.get()
    if remembered is not None:
        remembered.clear()
