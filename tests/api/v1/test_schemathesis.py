"""Property-based run of every operation against the published schema: no server error,
and every response (errors included) matches what the schema promises."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from factories import open_ticket
from realdesk.api.actions import token_create

pytestmark = pytest.mark.django_db


# Loading the schema needs no database, only the app (pytest-django has set Django up).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def token(agent, team, unlimited_rate):
    for _ in range(3):
        open_ticket(team=team)
    return token_create(agent=agent, scope="write")[1]


@pytest.fixture
def unlimited_rate(settings):
    settings.REALDESK_API_RATE_LIMIT = 100_000


@pytest.fixture(autouse=True)
def keep_test_connection():
    """What Django's own test client does: the real WSGI handler closes "old" connections
    around each request, and on PostgreSQL that is the one holding the test's transaction."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_schema(case, token):
    # A well-formed request may still be refused with a 422: an id that names no row, or a
    # cursor this API did not sign. A schema cannot say which ids exist, so the check that
    # every schema-valid request succeeds does not apply; all the others do.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
