"""Counting uses of something within a time window, for rate limits.

With REALDESK_REDIS_URL set the counters live in Redis, one round trip a count (the cache
API's add-then-incr took three). Without it they live in the database, so the web
processes `realdesk serve` starts (one per core) share them: one upsert a count, never a
per-process number that would multiply every limit by the number of processes.
"""

from __future__ import annotations

import time
from functools import cache as once
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection

from realdesk.core.models import ThrottleCounter

if TYPE_CHECKING:
    import redis

PREFIX = "realdesk:throttle:"
# A window that has ended starts again at 1; one that runs on keeps its end (later hits must
# not push it forward, or a steady caller would never be let off).
_HIT = """
INSERT INTO {table} ("key", "count", "expires_at") VALUES (%s, 1, %s)
ON CONFLICT ("key") DO UPDATE SET
    count = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}.count + 1 END,
    expires_at = CASE WHEN {table}.expires_at <= %s THEN excluded.expires_at
                      ELSE {table}.expires_at END
RETURNING count
"""


@once
def _redis(url: str) -> redis.Redis:
    import redis  # only a desk that configured Redis pays for loading the client

    return redis.Redis.from_url(url)


def throttle_hit(*, key: str, window_seconds: int) -> int:
    """Count one more use of `key`; returns the uses so far in the current window."""
    if settings.REDIS_URL:
        pipe = _redis(settings.REDIS_URL).pipeline()  # MULTI: the window and the count at once
        pipe.set(PREFIX + key, 0, ex=window_seconds, nx=True)
        pipe.incr(PREFIX + key)
        return pipe.execute()[1]
    now = time.time()
    sql = _HIT.format(table=connection.ops.quote_name(ThrottleCounter._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + window_seconds, now, now])
        return cursor.fetchone()[0]


def throttle_count(*, key: str) -> int:
    """Uses of `key` so far in the current window, without counting one more."""
    if settings.REDIS_URL:
        return int(_redis(settings.REDIS_URL).get(PREFIX + key) or 0)
    counter = ThrottleCounter.objects.filter(key=key, expires_at__gt=time.time()).first()
    return counter.count if counter else 0


def throttle_clear(*, key: str) -> None:
    """Forget the uses of `key`, as if its window had run out."""
    if settings.REDIS_URL:
        _redis(settings.REDIS_URL).delete(PREFIX + key)
    else:
        ThrottleCounter.objects.filter(key=key).delete()


def throttle_sweep() -> int:
    """Delete the counters of ended windows (the API's are per minute, so they pile up)."""
    return ThrottleCounter.objects.filter(expires_at__lte=time.time()).delete()[0]
