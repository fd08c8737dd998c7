"""One customer, found again whatever channel they use."""

import pytest

from realdesk.accounts.actions import customer_identify, customer_identity_add
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer
from realdesk.accounts.selectors import customer_find
from realdesk.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_first_contact_creates_customer_and_identity():
    customer = customer_identify(kind=IdentityKind.EMAIL, value="Jane@Example.org", name="Jane")
    assert customer.name == "Jane"
    assert list(customer.identities.values_list("kind", "value")) == [("email", "jane@example.org")]


def test_same_address_in_another_spelling_finds_same_customer():
    first = customer_identify(kind=IdentityKind.EMAIL, value="jane@example.org")
    again = customer_identify(kind=IdentityKind.EMAIL, value="Jane Roe <JANE@example.ORG>")
    assert again.pk == first.pk
    assert Customer.objects.count() == 1


def test_customer_found_across_channels():
    customer = customer_identify(kind=IdentityKind.EMAIL, value="jane@example.org")
    customer_identity_add(customer=customer, kind=IdentityKind.PHONE, value="+1 415 555 0100")
    customer_identity_add(customer=customer, kind=IdentityKind.SOCIAL, value="mastodon:@JaneR")

    by_phone = customer_identify(kind=IdentityKind.PHONE, value="(415) 555-0100")
    by_social = customer_find(kind=IdentityKind.SOCIAL, value="mastodon:janer")
    assert by_phone.pk == customer.pk
    assert by_social.pk == customer.pk
    assert Customer.objects.count() == 1


def test_unknown_address_is_not_found():
    customer_identify(kind=IdentityKind.EMAIL, value="jane@example.org")
    assert customer_find(kind=IdentityKind.EMAIL, value="john@example.org") is None


def test_address_never_silently_changes_hands():
    jane = customer_identify(kind=IdentityKind.EMAIL, value="jane@example.org")
    john = customer_identify(kind=IdentityKind.EMAIL, value="john@example.org")
    with pytest.raises(ApplicationError) as error:
        customer_identity_add(customer=john, kind=IdentityKind.EMAIL, value="JANE@example.org")
    assert error.value.code == "identity_taken"
    assert customer_find(kind=IdentityKind.EMAIL, value="jane@example.org").pk == jane.pk


def test_invalid_address_creates_nothing():
    with pytest.raises(ApplicationError):
        customer_identify(kind=IdentityKind.EMAIL, value="a@evil@victim.com")
    assert Customer.objects.count() == 0
