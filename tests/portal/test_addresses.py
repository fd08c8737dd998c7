"""Addresses staff add to a customer sign nobody in until the customer, signed in through
an address already theirs, confirms them from the link mailed to the new address."""

import re

import pytest

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import CustomerIdentity
from realdesk.core.errors import PermissionDeniedError
from realdesk.portal.session import SESSION_KEY
from realdesk.portal_access.actions import signin_token_issue
from realdesk.portal_access.addresses import (
    address_confirmation_send,
    confirmation_value,
    customer_address_add,
)
from realdesk.portal_access.models import SignInToken
from realdesk.portal_access.tasks import signin_link_issue, signin_link_send
from support.mail import sent_mail
from support.queue import run_queued

pytestmark = pytest.mark.django_db


def sign_in_link(client, address: str) -> str | None:
    """What the sign-in form mails to the address, as a path; None if nothing is sent."""
    client.post("/support/sign-in/", {"email": address})
    run_queued(signin_link_issue)  # what the worker does
    token = SignInToken.objects.filter(email=address).first()
    if token is None:
        return None
    signin_link_send.call(token_id=token.pk)
    return re.search(r"/support/sign-in/\S+/", sent_mail()[-1].body).group(0)


def confirmation_link(identity: CustomerIdentity) -> str:
    assert address_confirmation_send.call(identity_id=identity.pk) is True
    assert sent_mail()[-1].to == [identity.value]
    return re.search(r"/support/addresses/\S+/", sent_mail()[-1].body).group(0)


@pytest.fixture
def shared_customer(customer, team):
    """A customer Billing (the `agent`'s team) and Shipping both work with."""
    open_ticket(customer=customer, team=team, subject="Invoice")
    open_ticket(customer=customer, team=TeamFactory(name="Shipping"), subject="Lost parcel")
    return customer


def test_an_agents_own_address_on_a_customer_signs_nobody_in(client, agent, shared_customer):
    """The probe: an agent added their own address to the customer and signed in to the
    portal with it, where "My requests" listed the Shipping ticket."""
    added = customer_address_add(
        actor=agent, customer=shared_customer, kind=IdentityKind.EMAIL, value=agent.email
    )
    assert added.verified_at is None
    assert sign_in_link(client, agent.email) is None
    assert signin_token_issue(address=agent.email, next_path="") is None
    assert client.get("/support/requests/")["Location"].startswith("/support/sign-in/")


def test_the_adder_cannot_confirm_it_for_the_customer(client, agent, shared_customer):
    """The confirmation link reaches the agent's inbox, but confirming takes the customer's
    own sign-in: signed in as anyone else, it is refused."""
    added = customer_address_add(
        actor=agent, customer=shared_customer, kind=IdentityKind.EMAIL, value=agent.email
    )
    link = confirmation_link(added)
    assert client.get(link)["Location"].startswith("/support/sign-in/?next=")
    someone_else = CustomerFactory()
    session = client.session
    session[SESSION_KEY] = someone_else.pk
    session.save()
    refused = client.post(link)
    assert refused.status_code == 400
    assert "another account" in refused.content.decode()
    added.refresh_from_db()
    assert added.verified_at is None


def test_the_customer_confirms_and_then_signs_in_with_it(client, agent, shared_customer):
    added = customer_address_add(
        actor=agent, customer=shared_customer, kind=IdentityKind.EMAIL, value="new@example.org"
    )
    link = confirmation_link(added)
    own = sign_in_link(client, shared_customer.identities.exclude(pk=added.pk).get().value)
    client.post(own)
    asked = client.get(link)
    assert "Is new@example.org your address?" in asked.content.decode()
    added.refresh_from_db()
    assert added.verified_at is None  # a GET (a mail scanner) confirms nothing
    assert "is confirmed" in client.post(link).content.decode()
    added.refresh_from_db()
    assert added.verified_at is not None
    client.post("/support/sign-out/")
    new_link = sign_in_link(client, "new@example.org")
    assert client.post(new_link)["Location"] == "/support/requests/"
    assert client.session[SESSION_KEY] == shared_customer.pk


def test_a_link_for_a_removed_or_changed_address_is_refused(sign_in_as, agent, customer):
    added = customer_address_add(
        actor=agent, customer=customer, kind=IdentityKind.EMAIL, value="new@example.org"
    )
    value = confirmation_value(added)
    client = sign_in_as(customer)
    CustomerIdentity.objects.filter(pk=added.pk).update(value="other@example.org")
    assert client.post(f"/support/addresses/{value}/").status_code == 400
    assert client.post("/support/addresses/forged/").status_code == 400


def test_a_sign_in_link_stops_working_when_its_address_is_unverified(client, customer):
    link = sign_in_link(client, customer.identities.get().value)
    CustomerIdentity.objects.filter(customer=customer).update(verified_at=None)
    assert client.post(link).status_code == 400
    assert SESSION_KEY not in client.session


def test_addresses_from_the_customers_own_contact_are_verified(client):
    """Inbound mail and the request form make the customer from the address: it signs in."""
    form = {"name": "Ann", "email": "ann@example.org", "subject": "Hi", "description": "Help"}
    client.post("/support/requests/new/", {**form, "language": "en"})
    assert CustomerIdentity.objects.get(value="ann@example.org").verified_at is not None


def test_only_someone_working_with_the_customer_may_add_an_address(shared_customer, read_only):
    outsider = AgentFactory(teams=[TeamFactory(name="Sales")])
    for actor in (outsider, read_only):
        with pytest.raises(PermissionDeniedError):
            customer_address_add(
                actor=actor, customer=shared_customer, kind=IdentityKind.EMAIL, value="x@y.org"
            )
    assert not CustomerIdentity.objects.filter(value="x@y.org").exists()
