"""Names computed in SQL for bulk reads must be the names the models show one by one."""

import pytest
from django.utils import timezone

from factories import AgentFactory, CustomerFactory, IdentityFactory
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Ada Lovelace", ""])
def test_customer_label_in_sql_is_the_customer_as_text(name):
    with_identities = CustomerFactory(name=name)
    IdentityFactory(customer=with_identities, kind=IdentityKind.PHONE, value="+4930123456")
    bare = Customer.objects.create(name="", created_at=timezone.now())
    labels = dict(
        Customer.objects.annotate(label=Customer.label_expression("")).values_list("pk", "label")
    )
    assert labels == {c.pk: str(c) for c in (with_identities, bare)}


@pytest.mark.parametrize("full_name", ["Sam Agent", ""])
def test_agent_name_in_sql_is_the_agent_name(full_name):
    agent = AgentFactory(full_name=full_name)
    shown = User.objects.annotate(shown=User.name_expression("")).get(pk=agent.pk).shown
    assert shown == agent.name == str(agent)
