"""Names computed for bulk reads must be the names the models show one by one."""

import pytest
from django.utils import timezone

from factories import AgentFactory, CustomerFactory, IdentityFactory
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer, User
from realdesk.accounts.selectors import customer_labels

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Ada Lovelace", ""])
def test_customer_labels_are_the_customers_as_text_in_one_query(name, django_assert_num_queries):
    with_identities = CustomerFactory(name=name)
    IdentityFactory(customer=with_identities, kind=IdentityKind.PHONE, value="+4930123456")
    IdentityFactory(customer=with_identities, kind=IdentityKind.EMAIL, value="ada@example.com")
    bare = Customer.objects.create(name="", created_at=timezone.now())
    named = CustomerFactory(name="Grace")
    customers = (with_identities, bare, named)
    with django_assert_num_queries(1):
        labels = customer_labels(names={c.pk: c.name for c in customers})
    assert labels == {c.pk: str(c) for c in customers}


def test_customer_labels_of_named_customers_need_no_query(django_assert_num_queries):
    named = CustomerFactory(name="Grace")
    with django_assert_num_queries(0):
        assert customer_labels(names={named.pk: "Grace"}) == {named.pk: "Grace"}


@pytest.mark.parametrize("full_name", ["Sam Agent", ""])
def test_agent_name_in_sql_is_the_agent_name(full_name):
    agent = AgentFactory(full_name=full_name)
    shown = User.objects.annotate(shown=User.name_expression("")).get(pk=agent.pk).shown
    assert shown == agent.name == str(agent)
