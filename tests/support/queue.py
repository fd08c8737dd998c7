"""Running what a request queued, as the worker would, without starting one."""

from django_tasks_db.models import DBTaskResult


def run_queued(task) -> list:
    """Run the queued calls of `task`, oldest first, and take them off the queue; their
    results."""
    results = []
    queued = DBTaskResult.objects.ready().filter(task_path=task.module_path)
    for row in queued.order_by("enqueued_at"):
        results.append(task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"]))
        row.delete()
    return results
