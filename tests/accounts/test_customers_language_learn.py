"""The languages a batch of messages shows are learned together: the last one a customer
wrote in wins, a language the customer chose stays, one update per language."""

import pytest

from factories import CustomerFactory
from realdesk.accounts.actions import customers_language_learn
from realdesk.accounts.models import Customer

pytestmark = pytest.mark.django_db


def test_the_last_language_written_wins_with_one_update_per_language(
    django_assert_num_queries,
):
    ana, ben, chloe = (
        CustomerFactory(language=""),
        CustomerFactory(language="en"),
        CustomerFactory(),
    )
    ana_again = Customer.objects.get(pk=ana.pk)  # the same customer, met twice in the batch
    learned = [(ana, "de"), (ben, "fr"), (ana_again, "es"), (chloe, ""), (ben, "en")]
    with django_assert_num_queries(1):  # Spanish for Ana; Ben is back to English, as stored
        customers_language_learn(learned=learned)
    assert (ana.language, ana_again.language, ben.language) == ("es", "es", "en")
    stored = dict(Customer.objects.values_list("pk", "language"))
    assert (stored[ana.pk], stored[ben.pk], stored[chloe.pk]) == ("es", "en", chloe.language)


def test_a_chosen_language_is_not_replaced():
    customer = CustomerFactory(language="fr", language_chosen=True)
    customers_language_learn(learned=[(customer, "de")])
    customer.refresh_from_db()
    assert customer.language == "fr"
