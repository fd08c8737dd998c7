"""Requests per minute for each caller, counted in fixed windows (core/throttle.py).

Fixed one-minute windows need one counter per caller and are exact across web processes
that share Redis (core/throttle.py); the headers tell clients how much is left and when
it refills.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from realdesk.api.v1.errors import RateLimitedError
from realdesk.core.throttle import throttle_hit

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Allowance:
    limit: int
    remaining: int
    reset: int


def rate_limit_hit(request: HttpRequest, *, caller: str) -> None:
    """Count one request of the caller; RateLimitedError once the window's budget is spent."""
    limit = settings.REALDESK_API_RATE_LIMIT
    now = timezone.now().timestamp()
    window = int(now // WINDOW_SECONDS)
    reset = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    count = throttle_hit(key=f"api-rate:{caller}:{window}", window_seconds=WINDOW_SECONDS * 2)
    request.api_allowance = Allowance(limit=limit, remaining=max(0, limit - count), reset=reset)
    if count > limit:
        raise RateLimitedError(retry_after=reset)


def add_rate_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    allowance = getattr(request, "api_allowance", None)
    if allowance is not None:
        response["RateLimit-Limit"] = str(allowance.limit)
        response["RateLimit-Remaining"] = str(allowance.remaining)
        response["RateLimit-Reset"] = str(allowance.reset)
    return response
