import pytest

from factories import AgentFactory, CustomerFactory, TeamFactory, open_ticket
from realdesk.accounts.choices import Role


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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per agent; tests check behaviour, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One private Redis for the session; tests that use it are skipped where none is
    installed (`.ci/run` installs it)."""
    from support.redis import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()
