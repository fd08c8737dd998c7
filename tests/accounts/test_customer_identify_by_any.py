"""One person leaving several addresses stays one customer; nobody's address changes hands."""

import pytest

from realdesk.accounts.actions import customer_identify, customer_identify_by_any
from realdesk.accounts.models import Customer, CustomerIdentity

pytestmark = pytest.mark.django_db

PHONE = ("phone", "+1 (415) 555-0100")
EMAIL = ("email", "Ann@Example.org")


def _values(customer) -> dict[str, bool]:
    return {i.value: i.verified_at is not None for i in customer.identities.all()}


def test_a_known_email_joins_the_customer_and_ties_the_new_number_unverified():
    ann = customer_identify(kind="email", value="ann@example.org", name="Ann")
    assert customer_identify_by_any(identities=[PHONE, EMAIL], name="A. Example") == ann
    assert _values(ann) == {"ann@example.org": True, "+14155550100": False}
    assert Customer.objects.count() == 1


def test_a_known_number_wins_and_an_email_of_someone_else_stays_theirs():
    caller = customer_identify(kind="phone", value="+14155550100")
    other = customer_identify(kind="email", value="ann@example.org")
    assert customer_identify_by_any(identities=[PHONE, EMAIL]) == caller
    assert _values(caller) == {"+14155550100": True}
    assert _values(other) == {"ann@example.org": True}


def test_nobody_known_makes_one_customer_with_every_address_verified():
    customer = customer_identify_by_any(identities=[PHONE, EMAIL], name="Ann", language="de")
    assert (customer.name, customer.language) == ("Ann", "de")
    assert _values(customer) == {"+14155550100": True, "ann@example.org": True}
    assert CustomerIdentity.objects.count() == 2
