"""Is background work being done? The rule /healthz applies, kept apart from the view.

A worker's heartbeat is written by the loop that claims tasks (core/worker.py), so its age
is the time since any worker last asked the database for work. Two verdicts follow:

- `stale` or `missing`: no worker has polled for three heartbeats (or ever). Worth a look,
  but nothing is late yet: /healthz still answers 200 with status `degraded`.
- `stalled`: a task has been due for longer than REALDESK_WORKER_STALL_SECONDS and no
  worker has polled for as long. Acknowledgements, escalations and webhooks are late right
  now, so /healthz answers 503. A long queue that workers are working through is not a
  stall: they poll between tasks, so their heartbeat stays fresh.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from realdesk.core.registry import Registry
from realdesk.core.selectors import oldest_due_task_age, worker_heartbeat_age


@dataclass(frozen=True)
class WorkerHealth:
    status: str  # ok, stale, missing or stalled
    heartbeat_age: float | None
    oldest_due_age: float | None

    @property
    def stalled(self) -> bool:
        return self.status == "stalled"

    @property
    def reason(self) -> str:
        if not self.stalled:
            return ""
        waiting = f"a task has been due for {self.oldest_due_age:.0f} s"
        if self.heartbeat_age is None:
            return f"{waiting} and no worker is running"
        return f"{waiting} and no worker has claimed tasks for {self.heartbeat_age:.0f} s"


def worker_health_judge(
    *, heartbeat_age: float | None, oldest_due_age: float | None, beat_every: float, stall: float
) -> WorkerHealth:
    """The verdict from the two ages (pure, so that the rule is tested as a table)."""
    silent_since_stall = heartbeat_age is None or heartbeat_age > stall
    if oldest_due_age is not None and oldest_due_age > stall and silent_since_stall:
        status = "stalled"
    elif heartbeat_age is None:
        status = "missing"
    elif heartbeat_age > 3 * beat_every:
        status = "stale"
    else:
        status = "ok"
    return WorkerHealth(status, heartbeat_age, oldest_due_age)


def worker_health() -> WorkerHealth:
    return worker_health_judge(
        heartbeat_age=worker_heartbeat_age(),
        oldest_due_age=oldest_due_task_age(),
        beat_every=settings.REALDESK_WORKER_HEARTBEAT_SECONDS,
        stall=settings.REALDESK_WORKER_STALL_SECONDS,
    )


health_figures: Registry[str, Callable[[], object]] = Registry("health figures")
"""What other apps add to /healthz, by key (comms: `email_quarantine`), each registered from
its app's ready(): core reads them without knowing the apps."""
