"""Counting failed sign-ins so passwords cannot be guessed at speed."""

from django.conf import settings

from realdesk.core.throttle import throttle_count, throttle_hit


def _keys(email: str, client: str) -> list[str]:
    return [
        f"login-fail:{scope}:{value.strip().lower()}"
        for scope, value in (("email", email), ("client", client))
    ]


def login_blocked(*, email: str, client: str) -> bool:
    limit = settings.REALDESK_LOGIN_ATTEMPTS
    return any(throttle_count(key=key) >= limit for key in _keys(email, client))


def login_failed(*, email: str, client: str) -> None:
    for key in _keys(email, client):
        throttle_hit(key=key, window_seconds=settings.REALDESK_LOGIN_WINDOW_SECONDS)
