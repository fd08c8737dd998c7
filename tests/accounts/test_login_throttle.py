"""Failed sign-ins counted per address and client, per client, and per address, in the
database and in Redis alike."""

import pytest
import redis

from realdesk.accounts.throttle import Refusal, login_failed, login_lock_clear, login_refusal
from support.redis import needs_redis

A, B = "203.0.113.7", "198.51.100.20"


@pytest.fixture(params=["database", pytest.param("redis", marks=needs_redis)])
def counters(request, settings):
    """Run each test against both places the counts can live."""
    settings.REALDESK_LOGIN_ATTEMPTS = 2
    settings.REALDESK_LOGIN_CLIENT_ATTEMPTS = 5
    settings.REALDESK_LOGIN_ACCOUNT_ATTEMPTS = 4
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        settings.REDIS_URL = server.url
        redis.Redis.from_url(server.url).flushdb()
    else:
        request.getfixturevalue("db")  # each test's rows are rolled back after it
        settings.REDIS_URL = ""


def refusal(email: str, client: str, *, unlocked: bool = False) -> Refusal | None:
    return login_refusal(email=email, client=client, unlocked=unlocked)


def test_the_address_is_throttled_on_the_guessing_client_only(counters):
    for _ in range(2):
        login_failed(email="Ann@Example.org ", client=A)
    assert refusal("ann@example.org", A) == Refusal.THROTTLED
    assert refusal("ann@example.org", B) is None


def test_the_account_wide_limit_locks_all_but_unlocked_browsers(counters):
    for client in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"):
        login_failed(email="ann@example.org", client=client)
    assert refusal("ann@example.org", B) == Refusal.LOCKED
    assert refusal("ann@example.org", B, unlocked=True) is None
    assert refusal("bob@example.org", B) is None


def test_clearing_lifts_the_account_lock_and_the_clients_own(counters):
    for _ in range(2):
        login_failed(email="ann@example.org", client=A)
        login_failed(email="ann@example.org", client=B)
    assert refusal("ann@example.org", A) == Refusal.THROTTLED
    login_lock_clear(email="ann@example.org", client=A)
    assert refusal("ann@example.org", A) is None
    assert refusal("ann@example.org", B) == Refusal.THROTTLED


def test_one_client_over_many_addresses_is_throttled(counters):
    for number in range(5):
        login_failed(email=f"n{number}@example.org", client=A)
    assert refusal("ann@example.org", A) == Refusal.THROTTLED
    assert refusal("ann@example.org", B) is None


def test_whatever_is_typed_makes_a_valid_key(counters):
    odd = "  a b\tc\n" + "x" * 400
    login_failed(email=odd, client=A)
    assert refusal(odd, A) is None
