"""Enqueue a task by its import path.

A service's tasks call the service, so a service that imported its own tasks module to
enqueue one would close a circle (tests/test_import_rules.py refuses it). Naming the task
keeps the dependency one-way; the path is resolved when the work is queued, so a wrong name
fails the first test that queues it.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string


def task_enqueue(path: str, /, **kwargs: Any) -> None:
    """Enqueue the django-tasks task at `path` ("realdesk.<app>.tasks.<name>") with
    keyword arguments (tasks take ids and plain values)."""
    import_string(path).enqueue(**kwargs)


def task_gather(path: str, /, *, after: timedelta, priority: int) -> None:
    """Enqueue the argument-less task at `path` to run `after` from now, unless a call of it
    waits already (not yet started): that one will see what the caller committed, so a
    burst of changes costs one run, not one each. Two callers at once may both enqueue;
    the second run then finds less to do."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).exists():
        return
    import_string(path).using(run_after=timezone.now() + after, priority=priority).enqueue()
