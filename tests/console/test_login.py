import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from realdesk.accounts.models import LoginUnlock
from realdesk.accounts.tasks import login_unlock_send
from support.mail import sent_mail
from support.queue import run_queued
from support.sql import statement_shapes

pytestmark = pytest.mark.django_db

LOGIN = "/agent/login/"
UNLOCK = "/agent/login/unlock/"
PASSWORD = "correct horse battery"
CLIENT_A, CLIENT_B = "203.0.113.7", "198.51.100.20"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def sign_in(client, email, password, *, client_ip=CLIENT_B):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=client_ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_home_requires_login(client):
    response = client.get("/agent/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_agent_signs_in_with_email_and_sees_tickets(client, agent, ticket):
    response = client.post(
        LOGIN, {"username": agent.email.upper(), "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:home")
    page = client.get("/agent/")
    assert f"/agent/tickets/{ticket.number}/" in page.text
    assert ticket.subject in page.text


def test_wrong_password_is_refused(client, agent):
    response = client.post(LOGIN, {"username": agent.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email and password" in response.text
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures(client, agent, settings):
    settings.REALDESK_LOGIN_ATTEMPTS = 3
    for _ in range(3):
        client.post(LOGIN, {"username": agent.email, "password": "guess"})
    response = client.post(LOGIN, {"username": agent.email, "password": "correct horse battery"})
    assert "Too many failed sign-ins" in response.text
    assert "_auth_user_id" not in client.session


def test_a_guesser_on_one_client_does_not_lock_out_the_agent_on_another(agent, settings):
    settings.REALDESK_LOGIN_ATTEMPTS = 3
    attacker, own = Client(), Client()
    for _ in range(5):
        sign_in(attacker, agent.email, "guess", client_ip=CLIENT_A)
    refused = sign_in(attacker, agent.email, PASSWORD, client_ip=CLIENT_A)
    assert "Too many failed sign-ins from here" in refused.text
    assert not signed_in(attacker)
    assert sign_in(own, agent.email, PASSWORD, client_ip=CLIENT_B).status_code == 302
    assert signed_in(own)


def test_one_client_trying_many_addresses_is_throttled(agent, settings):
    settings.REALDESK_LOGIN_CLIENT_ATTEMPTS = 4
    attacker = Client()
    for number in range(4):
        sign_in(attacker, f"n{number}@example.org", "guess", client_ip=CLIENT_A)
    refused = sign_in(attacker, agent.email, PASSWORD, client_ip=CLIENT_A)
    assert "Too many failed sign-ins from here" in refused.text


def test_guessing_spread_over_clients_locks_the_address_for_new_browsers_only(agent, settings):
    """The account-wide limit: many clients each under their own limit add up; the
    browser the agent signed in from before is still let in."""
    settings.REALDESK_LOGIN_ATTEMPTS = 3
    settings.REALDESK_LOGIN_ACCOUNT_ATTEMPTS = 6
    usual = Client()
    assert sign_in(usual, agent.email, PASSWORD).status_code == 302
    usual.post("/agent/logout/")
    for number in range(6):
        sign_in(Client(), agent.email, "guess", client_ip=f"192.0.2.{number}")
    stranger = sign_in(Client(), agent.email, PASSWORD, client_ip="192.0.2.99")
    assert "Too many failed sign-ins for this address" in stranger.text
    assert f'href="{UNLOCK}"' in stranger.text
    assert sign_in(usual, agent.email, PASSWORD).status_code == 302
    # Unknown addresses lock the same way: the answer says nothing about who exists.
    for number in range(6):
        sign_in(Client(), "nobody@example.org", "guess", client_ip=f"192.0.2.{number}")
    unknown = sign_in(Client(), "nobody@example.org", "x", client_ip="192.0.2.99")
    assert "Too many failed sign-ins for this address" in unknown.text


def lock_out(agent, settings) -> None:
    settings.REALDESK_LOGIN_ACCOUNT_ATTEMPTS = 2
    for number in range(2):
        sign_in(Client(), agent.email, "guess", client_ip=f"192.0.2.{number}")


def ask_unlock(client, email):
    """Ask for an unlock link; the worker then mails it if the address is an agent's."""
    response = client.post(UNLOCK, {"email": email}, REMOTE_ADDR=CLIENT_B)
    run_queued(login_unlock_send)
    return response


def unlock_path() -> str:
    link = re.search(r"http://\S+/agent/login/unlock/\S+/", sent_mail()[-1].body).group(0)
    return link.split("127.0.0.1:8000", 1)[1]


def test_an_emailed_unlock_link_unlocks_once(client, agent, settings):
    lock_out(agent, settings)
    assert "for this address" in sign_in(client, agent.email, PASSWORD).text
    sent = ask_unlock(client, agent.email.upper())
    assert "a link that unlocks signing in is on its way" in sent.text
    assert sent_mail()[-1].to == [agent.email]
    path = unlock_path()
    assert client.get(path).status_code == 200  # a confirm page: scanners spend nothing
    assert LoginUnlock.objects.get().used_at is None
    done = client.post(path)
    assert done["Location"] == LOGIN
    assert sign_in(client, agent.email, PASSWORD).status_code == 302
    # Used once: the link is spent, and a browser without it stays locked out.
    lock_out(agent, settings)
    again = Client().post(path, REMOTE_ADDR=CLIENT_A)
    assert again.status_code == 400
    assert "expired or was already used" in again.text
    assert "for this address" in sign_in(Client(), agent.email, PASSWORD).text


def test_unlock_links_expire(client, agent, settings):
    lock_out(agent, settings)
    ask_unlock(client, agent.email)
    LoginUnlock.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(unlock_path()).status_code == 400
    assert "for this address" in sign_in(client, agent.email, PASSWORD).text


@pytest.mark.parametrize("value", ["1", "1:x", "abc", "1:" + "A" * 27])
def test_guessed_unlock_links_unlock_nothing(client, agent, settings, value):
    lock_out(agent, settings)
    ask_unlock(client, agent.email)
    assert client.post(f"{UNLOCK}{value}/").status_code == 400
    assert "for this address" in sign_in(client, agent.email, PASSWORD).text


def test_asking_for_an_unlock_link_says_the_same_for_any_address(client, agent):
    """The same page after the same queries (nothing about the agent is looked up while
    the page waits), so neither the answer nor its timing tells who exists."""
    pages, queries = [], []
    for address in (agent.email, "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            response = client.post(UNLOCK, {"email": address}, REMOTE_ADDR=CLIENT_B)
        assert response.status_code == 200
        pages.append(re.sub(r"[A-Za-z0-9]{64}", "?", response.text.replace(address, "X")))
        queries.append(statement_shapes(captured.captured_queries))
    assert pages[0] == pages[1]
    assert queries[0] == queries[1]
    assert not any("accounts_user" in sql for sql in queries[0])
    assert run_queued(login_unlock_send) == [True, False]
    assert len(sent_mail()) == 1
    assert LoginUnlock.objects.get().user == agent


def test_unlock_links_are_rate_limited(client, agent):
    codes = [ask_unlock(client, agent.email).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert len(sent_mail()) == 3


def test_logout_needs_post(client, agent):
    client.force_login(agent)
    assert client.get("/agent/logout/").status_code == 405
    assert client.post("/agent/logout/").status_code == 302
    assert client.get("/agent/").status_code == 302


def test_pages_send_security_headers(client):
    response = client.get(LOGIN)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
