"""The admin follows the identity rule of the API: an address added here starts unverified
(the customer is asked to confirm it), and a saved address is never edited into another."""

import pytest

from factories import AgentFactory
from realdesk.accounts.choices import Role

pytestmark = pytest.mark.django_db


def change_form(customer, identities: list[dict]) -> dict:
    data = {
        "name": customer.name,
        "tier": customer.tier,
        "created_at_0": customer.created_at.strftime("%Y-%m-%d"),
        "created_at_1": customer.created_at.strftime("%H:%M:%S"),
        "identities-TOTAL_FORMS": str(len(identities)),
        "identities-INITIAL_FORMS": "1",
        "identities-MIN_NUM_FORMS": "0",
        "identities-MAX_NUM_FORMS": "1000",
    }
    for n, identity in enumerate(identities):
        data |= {f"identities-{n}-{key}": value for key, value in identity.items()}
    return data


def test_an_address_added_in_the_admin_is_unverified_and_a_saved_one_cannot_change(
    client, customer, django_capture_on_commit_callbacks
):
    client.force_login(AgentFactory(role=Role.ADMIN))
    own = customer.identities.get()
    data = change_form(
        customer,
        [
            {"id": own.pk, "customer": customer.pk, "kind": "email", "value": "admin@example.com"},
            {"customer": customer.pk, "kind": "email", "value": "added@example.org"},
        ],
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/admin/accounts/customer/{customer.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    own.refresh_from_db()
    assert own.value != "admin@example.com"  # the verified address kept its value
    assert own.verified_at is not None
    added = customer.identities.get(value="added@example.org")
    assert added.verified_at is None
    assert len(callbacks) == 1  # its confirmation mail
