"""Enqueue a task by its import path.

A service's tasks call the service, so a service that imported its own tasks module to
enqueue one would close a circle (tests/test_import_rules.py refuses it). Naming the task
keeps the dependency one-way; the path is resolved when the work is queued, so a wrong name
fails the first test that queues it.
"""

from typing import Any

from django.utils.module_loading import import_string


def task_enqueue(path: str, /, **kwargs: Any) -> None:
    """Enqueue the django-tasks task at `path` ("realdesk.<app>.tasks.<name>") with
    keyword arguments (tasks take ids and plain values)."""
    import_string(path).enqueue(**kwargs)
