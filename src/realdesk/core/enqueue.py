"""Enqueue a task by its import path.

A service's tasks call the service, so a service that imported its own tasks module to
enqueue one would close a circle (tests/test_import_rules.py refuses it). Naming the task
keeps the dependency one-way; the path is resolved when the work is queued, so a wrong name
fails the first test that queues it.
"""

from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string


def task_enqueue(path: str, /, **kwargs: Any) -> None:
    """Enqueue the django-tasks task at `path` ("realdesk.<app>.tasks.<name>") with
    keyword arguments (tasks take ids and plain values)."""
    import_string(path).enqueue(**kwargs)


#: Per process and gathered task: when its waiting run starts (a Unix time), as this process
#: last enqueued or saw it. Until shortly before then nothing committed here can be missed
#: by that run, so no caller needs to ask the database again: the question was a query
#: after every ticket opened. Should that run be lost all the same, the task's periodic
#: sweep does its work.
_gathered: dict[str, float] = {}
#: How much earlier than the remembered start a process asks again: the workers that start
#: the run may be on machines whose clocks differ a little from this one's.
GATHER_MARGIN_SECONDS = 5.0


def task_gather(path: str, /, *, after: timedelta, priority: int) -> None:
    """Enqueue the argument-less task at `path` to run `after` from now, unless a call of it
    waits already (not yet started): that one will see what the caller committed, so a
    burst of changes costs one run, not one each. Two callers at once may both enqueue;
    the second run then finds less to do."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    if now.timestamp() < _gathered.get(path, 0.0) - GATHER_MARGIN_SECONDS:
        return
    waiting = DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY)
    latest = waiting.order_by(F("run_after").desc(nulls_last=True))
    starts = list(latest.values_list("run_after", flat=True)[:1])
    if starts:
        _gathered[path] = starts[0].timestamp() if starts[0] else 0.0
        return
    run_after = now + after
    import_string(path).using(run_after=run_after, priority=priority).enqueue()
    _gathered[path] = run_after.timestamp()


def gathered_forget() -> None:
    """Forget the waiting runs seen (for tests, whose databases are rolled back)."""
    _gathered.clear()
