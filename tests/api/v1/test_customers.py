"""/customers: seen through their tickets, identities added only by editors, unverified,
and never stolen."""

import re

import pytest

from factories import CustomerFactory, TeamFactory, open_ticket
from realdesk.accounts.models import CustomerIdentity, Organization
from realdesk.portal_access.addresses import address_confirmation_send
from support.mail import sent_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipping_customer(db):
    """A customer only the Shipping team works with; the `agent` is in another team."""
    customer = CustomerFactory(organization=Organization.objects.create(name="Shipco"))
    open_ticket(customer=customer, team=TeamFactory(name="Shipping"), subject="Lost parcel")
    return customer


def test_list_search_and_read(api, customer):
    acme = Organization.objects.create(name="Acme")
    other = CustomerFactory(name="Zed", organization=acme)
    listed = api.get("/customers").json()
    assert [c["id"] for c in listed["items"]] == [customer.pk, other.pk]
    assert listed["items"][0]["identities"] == [
        {"kind": "email", "value": customer.identities.get().value, "verified": True}
    ]
    assert [c["id"] for c in api.get("/customers", q="zed").json()["items"]] == [other.pk]
    by_address = api.get("/customers", q=customer.identities.get().value[:9]).json()["items"]
    assert customer.pk in [c["id"] for c in by_address]
    assert [c["id"] for c in api.get("/customers", organization=acme.pk).json()["items"]] == [
        other.pk
    ]
    assert api.get(f"/customers/{other.pk}").json()["organization"] == {
        "id": acme.pk,
        "name": "Acme",
    }
    assert api.get("/customers/999999").status_code == 404


def test_add_identity(api, customer):
    response = api.post(
        f"/customers/{customer.pk}/identities", {"kind": "phone", "value": "(415) 555-0100"}
    )
    assert response.status_code == 201
    assert response.json() == {"kind": "phone", "value": "+14155550100", "verified": False}
    assert customer.identities.count() == 2


def test_an_added_email_address_is_unverified_and_mailed_a_confirmation_link(
    api, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(
            f"/customers/{customer.pk}/identities", {"kind": "email", "value": "New@Example.org"}
        )
    assert response.json() == {"kind": "email", "value": "new@example.org", "verified": False}
    assert len(callbacks) == 1  # the confirmation mail, enqueued once the address is saved
    added = customer.identities.get(value="new@example.org")
    assert added.verified_at is None
    assert address_confirmation_send.call(identity_id=added.pk) is True
    assert sent_mail()[-1].to == ["new@example.org"]
    assert re.search(r"/support/addresses/\S+/", sent_mail()[-1].body)


def test_another_teams_customer_is_not_found(api, shipping_customer):
    """The probe's side door: an agent of another team read any customer by id."""
    address = shipping_customer.identities.get().value
    assert api.get(f"/customers/{shipping_customer.pk}").status_code == 404
    assert shipping_customer.pk not in [c["id"] for c in api.get("/customers").json()["items"]]
    assert api.get("/customers", q=address).json()["items"] == []
    org = shipping_customer.organization_id
    assert api.get("/customers", organization=org).json()["items"] == []
    assert api.get("/organizations").json()["items"] == []
    assert api.get(f"/organizations/{org}").status_code == 404


def test_leads_see_every_customer_and_organisation(api_as, lead, shipping_customer):
    api = api_as(lead)
    assert api.get(f"/customers/{shipping_customer.pk}").status_code == 200
    org = shipping_customer.organization_id
    assert [o["id"] for o in api.get("/organizations").json()["items"]] == [org]


def test_a_ticket_the_agent_may_see_makes_its_customer_visible(api, team, shipping_customer):
    open_ticket(customer=shipping_customer, team=team, subject="Invoice")
    assert api.get(f"/customers/{shipping_customer.pk}").status_code == 200
    org = shipping_customer.organization_id
    assert api.get(f"/organizations/{org}").json()["name"] == "Shipco"


def test_an_address_for_another_teams_customer_is_refused(api, agent, shipping_customer):
    """The probe added its own address to a Shipping customer and got a 201."""
    response = api.post(
        f"/customers/{shipping_customer.pk}/identities", {"kind": "email", "value": agent.email}
    )
    assert response.status_code == 404
    assert not CustomerIdentity.objects.filter(value=agent.email).exists()


def test_opening_a_ticket_for_another_teams_customer_by_id_is_refused(api, shipping_customer):
    body = {"customer_id": shipping_customer.pk, "subject": "Hi", "body_text": "Hello"}
    response = api.post("/tickets", body)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["customer_id"]
    assert shipping_customer.tickets.count() == 1


def test_identity_of_another_customer_is_refused(api, customer):
    other = CustomerFactory()
    taken = other.identities.get().value
    response = api.post(f"/customers/{customer.pk}/identities", {"kind": "email", "value": taken})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "identity_taken"
    assert CustomerIdentity.objects.get(value=taken).customer == other


def test_bad_identity_and_read_only_role_are_refused(api, session_as, read_only, customer):
    bad = api.post(f"/customers/{customer.pk}/identities", {"kind": "fax", "value": "1"})
    assert list(bad.json()["error"]["fields"]) == ["kind"]
    refused = session_as(read_only).post(
        f"/customers/{customer.pk}/identities", {"kind": "email", "value": "new@example.com"}
    )
    assert refused.status_code == 403
    assert customer.identities.count() == 1


def test_nul_in_a_search_is_a_clear_422_not_a_crash(api):
    response = api.get("/customers", q="jane\x00")
    assert response.status_code == 422, response.text
    assert "NUL" in response.text
