"""Counting sign-in link requests so nobody can mail-bomb an address or probe at speed.

The same cache as the agent login throttle (shared through Redis when configured).
"""

from django.core.cache import cache


def count_and_check(*, scope: str, value: str, limit: int, window_seconds: int) -> bool:
    """Count one more use; True while the count stays within the limit for the window."""
    key = f"portal-link:{scope}:{value.strip().lower()}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        used = 1
    return used <= limit
