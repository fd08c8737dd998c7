"""Background work of the core app."""

from django_tasks import task

from realdesk.core import periodic
from realdesk.core.planner import statistics_refresh

STATISTICS_EVERY_SECONDS = 6 * 3600


@periodic.every(STATISTICS_EVERY_SECONDS)
@task()
def refresh_planner_statistics() -> None:
    statistics_refresh()
