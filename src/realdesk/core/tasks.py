"""Background work of the core: tasks take plain values and only delegate."""

from django_tasks import task

from realdesk.core import periodic
from realdesk.core.throttle import throttle_sweep

THROTTLE_SWEEP_SECONDS = 3600


@periodic.every(THROTTLE_SWEEP_SECONDS)
@task()
def throttle_sweep_task() -> int:
    return throttle_sweep()
