"""Background work of reports: tasks take plain values and only call an action."""

from datetime import date, timedelta

from django.utils import timezone
from django_tasks import task

from realdesk.core import periodic

# The reports' selectors and digests are imported inside the tasks: every process imports
# this module to register the periodic ones, and only a worker running them needs those.

ROLLUP_EVERY_SECONDS = 6 * 3600
#: Today is rolled up to the last whole hour this often, so a report reads at most about
#: an hour of today live (and an hour of its comparison period's last day).
ROLLUP_TODAY_EVERY_SECONDS = 3600
DIGEST_EVERY_SECONDS = 3600
#: Days rolled up again on every run: a late import, a reopen or an SLA clock decided
#: after the day ended changes that day's figures, and a recontact counts up to 7 days
#: after the solve; 8 days back catches those.
ROLLUP_DAYS_BACK = 8


@periodic.every(ROLLUP_EVERY_SECONDS)
@task()
def rollup_recent_task() -> int:
    from realdesk.reports.actions import rollup_days

    yesterday = timezone.localdate() - timedelta(days=1)
    return rollup_days(first=yesterday - timedelta(days=ROLLUP_DAYS_BACK - 1), last=yesterday)


@periodic.every(ROLLUP_TODAY_EVERY_SECONDS)
@task()
def rollup_today_task() -> int:
    from realdesk.reports.actions import rollup_today

    return rollup_today(now=timezone.now())


@task()
def rollup_range_task(*, first: str, last: str) -> int:
    """A backfill of [first, last] (ISO dates), queued by `realdesk manage reports_rollup`."""
    from realdesk.reports.actions import rollup_days

    return rollup_days(first=date.fromisoformat(first), last=date.fromisoformat(last))


@periodic.every(DIGEST_EVERY_SECONDS)
@task()
def digests_send_task() -> int:
    """Hourly, so a worker down on Monday morning sends the digest when it is back."""
    from realdesk.reports.digest import digests_send_due

    return digests_send_due(now=timezone.now())
