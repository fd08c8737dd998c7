import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import translation

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.accounts.choices import Role
from realdesk.api.actions import touches_forget
from realdesk.core import config_cache, enqueue
from support.services import services_required


@pytest.fixture
def team(db):
    return TeamFactory(name="Support")


@pytest.fixture
def agent(team):
    return AgentFactory(teams=[team])


@pytest.fixture
def lead(db):
    return AgentFactory(role=Role.LEAD)


@pytest.fixture
def read_only(team):
    return AgentFactory(role=Role.READ_ONLY, teams=[team])


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def ticket(customer, team):
    return open_ticket(customer=customer, team=team)


@receiver(connection_created)
def _readers_never_wait(sender, connection, **kwargs):
    """The tests' in-memory SQLite database shares one cache between threads, where a
    writer locks whole tables against readers ("database table is locked" at once); the
    desk's file database (WAL) lets readers read while one writes. Uncommitted reads make
    the tests' threads (chat sockets, requests) read as the desk's do."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.connection.execute("PRAGMA read_uncommitted = 1")


@pytest.fixture(autouse=True)
def _config_forgotten():
    """Each test starts with nothing remembered by the process (configuration, tokens, the
    waiting gathered task, tokens' uses): a test's database is rolled back or flushed,
    which no signal sees."""
    yield
    config_cache.forget()
    enqueue.gathered_forget()
    touches_forget()


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts in the default language: the test client runs requests on the test's
    own thread, and the locale middlewares leave the request's language active there."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per agent; tests check behaviour, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """A test of one database's own machinery does not apply to the other: deselected, so
    no skip says otherwise."""
    on_postgres = connection.vendor == "postgresql"
    other = "sqlite" if on_postgres else "postgres"
    elsewhere = [item for item in items if item.get_closest_marker(other)]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if not item.get_closest_marker(other)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Each test leaves its thread's connection in autocommit outside any atomic block, as
    the database fixtures restore it (checked once they are all torn down): one left
    otherwise failed later tests far from the cause ("on_commit() cannot be used in manual
    transaction management")."""
    yield
    left = connection.connection is not None and (
        connection.in_atomic_block or not connection.autocommit
    )
    assert not left, "the test left its connection inside a transaction"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With REALDESK_REQUIRE_SERVICES=1 (CI) a skip is a failure: something is missing."""
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and services_required():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"skipped while REALDESK_REQUIRE_SERVICES=1: {reason}"
    return report


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One private Redis for the session (tests using it are marked `needs_program`)."""
    from support.redis import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()
