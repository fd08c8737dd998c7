"""Counting uses of something within a time window, for rate limits.

Kept in the cache: per process by default, shared across web processes when
REALDESK_REDIS_URL is set (see docs/operations.md).
"""

from django.core.cache import cache


def throttle_hit(*, key: str, window_seconds: int) -> int:
    """Count one more use of `key`; returns the uses so far in the current window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def throttle_count(*, key: str) -> int:
    """Uses of `key` so far in the current window, without counting one more."""
    return cache.get(key, 0)
