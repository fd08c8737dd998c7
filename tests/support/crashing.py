"""A task whose end crashes the worker's loop, as a faulty `task_finished` receiver would.

django-tasks-db's runner catches whatever a task raises, but not what a receiver raises
while the runner records the result: that escapes into the worker's own loop, the same
road a failed result write takes. Imported by the worker when it loads the task.
"""

from django_tasks import task
from django_tasks.signals import task_finished


@task()
def crash_worker() -> None:
    """Does nothing; finishing it is what fails."""


def _faulty_receiver(sender, task_result, **kwargs) -> None:
    if task_result.task.module_path == crash_worker.module_path:
        raise RuntimeError("a task_finished receiver failed")


task_finished.connect(_faulty_receiver)
