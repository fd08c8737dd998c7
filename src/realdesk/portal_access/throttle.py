"""Counting sign-in link requests so nobody can mail-bomb an address or probe at speed."""

from realdesk.core.throttle import throttle_hit


def count_and_check(*, scope: str, value: str, limit: int, window_seconds: int) -> bool:
    """Count one more use; True while the count stays within the limit for the window."""
    key = f"portal-link:{scope}:{value.strip().lower()}"
    return throttle_hit(key=key, window_seconds=window_seconds) <= limit
