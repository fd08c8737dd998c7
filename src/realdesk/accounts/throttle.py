"""Counting failed sign-ins so passwords cannot be guessed at speed.

Kept in the cache: per process by default, shared across web processes when
REALDESK_REDIS_URL is set (see docs/operations.md).
"""

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    return f"login-fail:{scope}:{value.strip().lower()}"


def login_blocked(*, email: str, client: str) -> bool:
    limit = settings.REALDESK_LOGIN_ATTEMPTS
    return any(cache.get(key, 0) >= limit for key in (_key("email", email), _key("client", client)))


def login_failed(*, email: str, client: str) -> None:
    window = settings.REALDESK_LOGIN_WINDOW_SECONDS
    for key in (_key("email", email), _key("client", client)):
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)
