import pytest
from django.core.cache import cache

from realdesk.knowledge.demo import support_center_demo
from realdesk.portal.session import SESSION_KEY


@pytest.fixture
def demo_center(db):
    support_center_demo()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_in_as(client):
    """Sign the test client in as a customer, as a redeemed link would."""

    def sign_in(customer):
        session = client.session
        session[SESSION_KEY] = customer.pk
        session.save()
        return client

    return sign_in
