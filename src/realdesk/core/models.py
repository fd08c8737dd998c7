"""Core models: only what every process shares, such as worker liveness."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running background worker, refreshed by the loop that claims tasks.

    Written after a poll that reached the database (at most every heartbeat interval), so a
    worker whose loop is stuck or cannot reach the database stops refreshing it: /healthz
    reads the freshest row to tell when no worker is claiming tasks (core/health.py).
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"


class PeriodicSchedule(models.Model):
    """When each periodic job is next due, shared by every worker on every machine.

    A worker enqueues a job only if it moves `next_run_at` forward itself (a conditional
    UPDATE), so with any number of workers each run is enqueued exactly once.
    """

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.next_run_at:%Y-%m-%d %H:%M:%S}"


class ThrottleCounter(models.Model):
    """One rate-limit counter (core/throttle.py) when no Redis is configured: in the
    database, every web process of `realdesk serve` counts against the same window.

    The window's end is epoch seconds so one upsert can compare it on SQLite and PostgreSQL
    alike; rows of ended windows are reused by the next hit or swept periodically.
    """

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField()
    expires_at = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class ConfigVersion(models.Model):
    """How many times configuration read on the request path has changed (core/config_cache):
    every process compares it with the version it remembered, at most a second apart, and
    forgets its copies when it moved."""

    name = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class RawMessage(models.Model):
    """The ledger every channel writes first: the exact bytes it received, content-addressed,
    stored before parsing (core/raw.py).

    Keeping the original first means a parser bug loses nothing: the message can be
    looked at, and processed again after a fix. In core because every channel and the
    tickets' messages point at it; its table keeps the name it had in `comms`.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=16, help_text="The channel adapter's name.")
    storage_name = models.CharField(max_length=255, help_text="Path in the default storage.")
    size = models.PositiveBigIntegerField()
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "comms_rawmessage"

    def __str__(self) -> str:
        return f"{self.channel} {self.sha256[:12]} ({self.size} bytes)"
