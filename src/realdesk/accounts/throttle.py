"""Counting failed sign-ins so passwords cannot be guessed at speed, without handing a
guesser the power to lock the agent out.

Every failure is counted three ways:
- the address from this client (REALDESK_LOGIN_ATTEMPTS per REALDESK_LOGIN_WINDOW_SECONDS):
  a guesser is stopped where they are, and the agent signing in from elsewhere is not;
- this client over every address (REALDESK_LOGIN_CLIENT_ATTEMPTS, same window): one client
  trying a password on many addresses;
- the address from every client (REALDESK_LOGIN_ACCOUNT_ATTEMPTS per
  REALDESK_LOGIN_ACCOUNT_WINDOW_SECONDS): guessing spread over many clients. It is far
  above anyone's typing mistakes, and a browser its agent unlocked (an emailed link, or
  signing in there before) is let past it, so an attacker can slow the account down but
  not shut its agent out.
The address is counted as typed, known or not, so no answer says whether it exists.
"""

import hashlib
from enum import StrEnum

from django.conf import settings

from realdesk.core.throttle import throttle_clear, throttle_count, throttle_hit

UNLOCKS_WINDOW_SECONDS = 3600
UNLOCKS_PER_ADDRESS = 3  # unlock links an address may be sent an hour...
UNLOCKS_PER_CLIENT = 10  # ...and one client may ask for


class Refusal(StrEnum):
    THROTTLED = "throttled"  # this client, for a while
    LOCKED = "locked"  # this address, from browsers its agent has not unlocked


def login_address(email: str) -> str:
    return email.strip().lower()


def _key(kind: str, *values: str) -> str:
    """Short keys whatever was typed (the cache refuses spaces and long keys)."""
    digest = hashlib.sha256("\n".join(values).encode()).hexdigest()[:32]
    return f"{kind}:{digest}"


def _pair(address: str, client: str) -> str:
    return _key("login-fail:pair", address, client)


def _account(address: str) -> str:
    return _key("login-fail:account", address)


def login_refusal(*, email: str, client: str, unlocked: bool) -> Refusal | None:
    """Why this sign-in is refused before its password is even checked, if it is.
    `unlocked`: the browser was unlocked for this address, so the account-wide count is
    not held against it."""
    address = login_address(email)
    if (
        throttle_count(key=_pair(address, client)) >= settings.REALDESK_LOGIN_ATTEMPTS
        or throttle_count(key=_key("login-fail:client", client))
        >= settings.REALDESK_LOGIN_CLIENT_ATTEMPTS
    ):
        return Refusal.THROTTLED
    if not unlocked and (
        throttle_count(key=_account(address)) >= settings.REALDESK_LOGIN_ACCOUNT_ATTEMPTS
    ):
        return Refusal.LOCKED
    return None


def login_failed(*, email: str, client: str) -> None:
    address = login_address(email)
    window = settings.REALDESK_LOGIN_WINDOW_SECONDS
    throttle_hit(key=_pair(address, client), window_seconds=window)
    throttle_hit(key=_key("login-fail:client", client), window_seconds=window)
    throttle_hit(
        key=_account(address), window_seconds=settings.REALDESK_LOGIN_ACCOUNT_WINDOW_SECONDS
    )


def login_lock_clear(*, email: str, client: str) -> None:
    """Lift the account-wide lock, and this client's own, for the address."""
    address = login_address(email)
    throttle_clear(key=_account(address))
    throttle_clear(key=_pair(address, client))


def unlock_request_allowed(*, email: str, client: str) -> bool:
    """Count one request for an unlock link; False past the limits, so nobody is
    mail-bombed with them."""
    per_address = throttle_hit(
        key=_key("login-unlock:address", login_address(email)),
        window_seconds=UNLOCKS_WINDOW_SECONDS,
    )
    per_client = throttle_hit(
        key=_key("login-unlock:client", client), window_seconds=UNLOCKS_WINDOW_SECONDS
    )
    return per_address <= UNLOCKS_PER_ADDRESS and per_client <= UNLOCKS_PER_CLIENT
