"""Counting uses of something within a time window, for rate limits.

With REALDESK_REDIS_URL set the counters live in Redis, shared by every web process, and a
count is one round trip (the cache API's add-then-incr took three); without it they live
in this process's cache, which is right for the one-process embedded default.
"""

from __future__ import annotations

from functools import cache as once
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

if TYPE_CHECKING:
    import redis

PREFIX = "realdesk:throttle:"


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
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def throttle_count(*, key: str) -> int:
    """Uses of `key` so far in the current window, without counting one more."""
    if settings.REDIS_URL:
        return int(_redis(settings.REDIS_URL).get(PREFIX + key) or 0)
    return cache.get(key, 0)


def throttle_clear(*, key: str) -> None:
    """Forget the uses of `key`, as if its window had run out."""
    if settings.REDIS_URL:
        _redis(settings.REDIS_URL).delete(PREFIX + key)
    else:
        cache.delete(key)
