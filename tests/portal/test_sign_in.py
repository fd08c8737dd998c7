"""Passwordless sign-in: one emailed link, used once, soon expired, rate limited, and a page
that says the same whether or not the address is known."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from realdesk.portal.session import SESSION_KEY
from realdesk.portal_access.models import SignInToken
from realdesk.portal_access.tasks import signin_link_issue, signin_link_send
from support.mail import sent_mail
from support.queue import run_queued
from support.sql import statement_shapes

pytestmark = pytest.mark.django_db


def ask(client, email, **extra):
    """Ask for a link; the worker then makes it if the address is a customer's."""
    response = client.post("/support/sign-in/", {"email": email, **extra.pop("data", {})}, **extra)
    run_queued(signin_link_issue)
    return response


def emailed_link(token: SignInToken) -> str:
    assert signin_link_send.call(token_id=token.pk) is True
    return re.search(r"http://\S+/support/sign-in/\S+/", sent_mail()[-1].body).group(0)


def path_of(link: str) -> str:
    return link.split("127.0.0.1:8000", 1)[1]


def test_known_and_unknown_addresses_get_the_same_page(client, customer):
    known = customer.identities.get().value
    a = ask(client, known)
    b = ask(client, "nobody@example.org")
    assert a.status_code == b.status_code == 200
    assert a.content.decode().replace(known, "X") == b.content.decode().replace(
        "nobody@example.org", "X"
    )
    assert SignInToken.objects.get().customer == customer


def test_the_emailed_link_signs_in_once(client, customer, ticket):
    ask(client, customer.identities.get().value)
    link = path_of(emailed_link(SignInToken.objects.get()))
    assert client.get(link).status_code == 200  # a confirm page: scanners spend nothing
    assert SESSION_KEY not in client.session
    response = client.post(link)
    assert response["Location"] == "/support/requests/"
    assert client.session[SESSION_KEY] == customer.pk
    assert f"#{ticket.number}" in client.get("/support/requests/").content.decode()
    client.post("/support/sign-out/")
    again = client.post(link)
    assert again.status_code == 400
    assert "expired or was already used" in again.content.decode()
    assert SESSION_KEY not in client.session


def test_the_task_sends_once(customer, client):
    ask(client, customer.identities.get().value)
    token = SignInToken.objects.get()
    emailed_link(token)
    assert signin_link_send.call(token_id=token.pk) is False
    assert len(sent_mail()) == 1


def test_links_expire(client, customer):
    ask(client, customer.identities.get().value)
    token = SignInToken.objects.get()
    link = path_of(emailed_link(token))
    SignInToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(link).status_code == 400
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("value", ["1", "1:x", "abc", "1:" + "A" * 43])
def test_guessed_links_sign_nobody_in(client, customer, value):
    ask(client, customer.identities.get().value)
    assert client.post(f"/support/sign-in/{value}/").status_code == 400
    assert SESSION_KEY not in client.session


def test_rate_limit_per_address(client, customer, settings):
    settings.REALDESK_PORTAL_LINKS_PER_ADDRESS = 2
    address = customer.identities.get().value
    assert [ask(client, address).status_code for _ in range(3)] == [200, 200, 429]
    assert SignInToken.objects.count() == 2
    # Unknown addresses are limited the same way: the limit reveals nothing.
    assert [ask(client, "x@example.org").status_code for _ in range(3)] == [200, 200, 429]


def test_rate_limit_per_client(client, settings):
    settings.REALDESK_PORTAL_LINKS_PER_CLIENT = 3
    codes = [ask(client, f"n{i}@example.org").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    other = ask(client, "n9@example.org", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_malformed_address_is_explained(client):
    response = ask(client, "a@b@c")
    assert "Enter a valid email address" in response.content.decode()
    assert not SignInToken.objects.exists()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
)
def test_next_never_leads_off_site(client, customer, target):
    ask(client, customer.identities.get().value, data={"next": target})
    token = SignInToken.objects.get()
    assert token.next_path == ""
    response = client.post(path_of(emailed_link(token)))
    assert response["Location"] == "/support/requests/"


def test_next_leads_back_to_the_page_asked_for(client, customer, ticket):
    bounce = client.get(f"/support/requests/{ticket.number}/")
    assert (
        bounce["Location"] == f"/support/sign-in/?next=%2Fsupport%2Frequests%2F{ticket.number}%2F"
    )
    ask(
        client,
        customer.identities.get().value,
        data={"next": f"/support/requests/{ticket.number}/"},
    )
    response = client.post(path_of(emailed_link(SignInToken.objects.get())))
    assert response["Location"] == f"/support/requests/{ticket.number}/"


def test_the_request_takes_the_same_steps_for_known_and_unknown_addresses(client, customer):
    """Nothing about the customer is looked up while the page waits: the same queries and
    the same queued task for both, so not even the time taken tells them apart."""
    queries = []
    for address in (customer.identities.get().value, "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            client.post("/support/sign-in/", {"email": address})
        queries.append(statement_shapes(captured.captured_queries))
    assert queries[0] == queries[1]
    assert not any("portal_access_signintoken" in sql for sql in queries[0])
    queued = DBTaskResult.objects.order_by("enqueued_at")
    assert [(row.task_path, sorted(row.args_kwargs["kwargs"])) for row in queued] == [
        (signin_link_issue.module_path, ["address", "next_path"])
    ] * 2
    assert run_queued(signin_link_issue) == [True, False]
    assert SignInToken.objects.get().customer == customer
