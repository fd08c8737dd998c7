"""Background work of the core: tasks take plain values and only delegate."""

from django_tasks import task

from realdesk.core import periodic
from realdesk.core.planner import statistics_refresh
from realdesk.core.throttle import throttle_sweep

STATISTICS_EVERY_SECONDS = 6 * 3600
THROTTLE_SWEEP_SECONDS = 3600


@periodic.every(STATISTICS_EVERY_SECONDS)
@task()
def refresh_planner_statistics() -> None:
    statistics_refresh()


@periodic.every(THROTTLE_SWEEP_SECONDS)
@task()
def throttle_sweep_task() -> int:
    return throttle_sweep()
