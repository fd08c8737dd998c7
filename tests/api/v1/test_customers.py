"""/customers: read by any agent, identities added only by editors and never stolen."""

import pytest

from factories import CustomerFactory
from realdesk.accounts.models import CustomerIdentity, Organization

pytestmark = pytest.mark.django_db


def test_list_search_and_read(api, customer):
    acme = Organization.objects.create(name="Acme")
    other = CustomerFactory(name="Zed", organization=acme)
    listed = api.get("/customers").json()
    assert [c["id"] for c in listed["items"]] == [customer.pk, other.pk]
    assert listed["items"][0]["identities"] == [
        {"kind": "email", "value": customer.identities.get().value}
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
    assert response.json() == {"kind": "phone", "value": "+14155550100"}
    assert customer.identities.count() == 2


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
