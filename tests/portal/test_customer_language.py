"""A language the customer picks on our pages is theirs: what they write later does not
replace it, nor does their browser's."""

import pytest

from factories import CustomerFactory
from realdesk.accounts.actions import customer_language_learn
from realdesk.accounts.models import Customer
from realdesk.portal_access.actions import customer_language_set

pytestmark = pytest.mark.django_db


def stored(customer: Customer) -> tuple[str, bool]:
    customer.refresh_from_db()
    return customer.language, customer.language_chosen


def test_switching_language_while_signed_in_is_a_choice(sign_in_as):
    customer = CustomerFactory(language="de")
    sign_in_as(customer).get("/support/language/fr/")
    assert stored(customer) == ("fr", True)
    customer_language_learn(customer=Customer.objects.get(pk=customer.pk), language="de")
    assert stored(customer) == ("fr", True)


def test_switching_language_signed_out_changes_no_customer(client):
    customer = CustomerFactory(language="de")
    client.get("/support/language/fr/")
    assert stored(customer) == ("de", False)


def test_a_browser_language_does_not_replace_a_chosen_one():
    customer = CustomerFactory()
    customer_language_set(customer=customer, language="es", chosen=True)
    customer_language_set(
        customer=Customer.objects.get(pk=customer.pk), language="en", chosen=False
    )
    assert stored(customer) == ("es", True)


def test_what_they_write_is_learned_until_they_choose():
    customer = CustomerFactory(language="en")
    customer_language_learn(customer=customer, language="de")
    assert stored(customer) == ("de", False)
