"""Browsers an agent has vouched for: signed in there, or opened an unlock link there.

Such a browser is let past the account-wide sign-in lock (accounts/throttle.py), so
someone guessing the agent's password from many clients cannot shut the agent out. The
cookie names the address, signed; it says nothing to anyone without the secret key.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from realdesk.accounts.throttle import login_address

COOKIE = "realdesk_unlocked"
SALT = "realdesk.console.unlocked-browser"
MAX_AGE_SECONDS = 30 * 24 * 3600


def browser_unlocked(request: HttpRequest | None, email: str) -> bool:
    if request is None:
        return False
    vouched = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE_SECONDS)
    return bool(vouched) and vouched == login_address(email)


def browser_unlock(response: HttpResponse, email: str) -> HttpResponse:
    response.set_signed_cookie(
        COOKIE,
        login_address(email),
        salt=SALT,
        max_age=MAX_AGE_SECONDS,
        path="/agent/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
