"""Personal API tokens: shown once, stored hashed, scoped, revocable, and the CLI."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import AgentFactory
from realdesk.accounts.actions import agent_language_set
from realdesk.api import actions
from realdesk.api.actions import secret_hash, token_create, token_revoke, token_touch
from realdesk.api.models import ApiToken
from realdesk.api.selectors import token_authenticate
from realdesk.core.bulk import rows_insert
from realdesk.core.errors import ApplicationError
from realdesk.core.models import ConfigVersion

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_a_hash(agent):
    token, text = token_create(agent=agent, scope="write", name="CRM sync")
    mark, prefix, secret = text.split("_", 2)
    assert (mark, prefix) == ("rdk", token.prefix)
    assert secret not in token.secret_hash
    assert len(token.secret_hash) == 64
    assert token_authenticate(presented=text) == token


@pytest.mark.parametrize(
    "mangle",
    [
        lambda text: text[:-1] + ("A" if text[-1] != "A" else "B"),
        lambda text: text.replace("rdk_", "xyz_"),
        lambda text: text.rsplit("_", 1)[0],
        lambda text: "",
    ],
)
def test_wrong_token_text_is_refused(agent, mangle):
    _, text = token_create(agent=agent, scope="read")
    assert token_authenticate(presented=mangle(text)) is None


def test_revoked_token_and_inactive_agent_are_refused(agent, lead):
    token, text = token_create(agent=agent, scope="read")
    token_revoke(token=token)
    assert token_authenticate(presented=text) is None
    _, lead_text = token_create(agent=lead, scope="read")
    lead.is_active = False
    lead.save()
    assert token_authenticate(presented=lead_text) is None


def test_read_only_agent_gets_read_tokens_only(read_only):
    with pytest.raises(ApplicationError) as error:
        token_create(agent=read_only, scope="write")
    assert error.value.code == "invalid_scope"
    with pytest.raises(ApplicationError):
        token_create(agent=read_only, scope="admin")
    assert not ApiToken.objects.exists()


def test_touch_records_use_at_most_once_a_minute(agent):
    token, _ = token_create(agent=agent, scope="read")
    token_touch(token=token)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    token_touch(token=token)
    token.refresh_from_db()
    assert token.last_used_at == first


def test_touch_of_a_recently_used_token_costs_no_query(
    agent, django_assert_num_queries, monkeypatch
):
    """Every API request touches its token; a read must not turn into a write each time."""
    token, _ = token_create(agent=agent, scope="read")
    token_touch(token=token)
    token.refresh_from_db()
    with django_assert_num_queries(0):
        token_touch(token=token)
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(actions.timezone, "now", lambda: later)
    with django_assert_num_queries(1):
        token_touch(token=token)
    with django_assert_num_queries(0):  # what this process wrote is known without a read
        token_touch(token=token)
    token.refresh_from_db()
    assert token.last_used_at == later


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_creates_lists_and_revokes(agent):
    printed, note = run("create", agent.email.upper(), "--scope", "write", "--name", "CRM")
    token = ApiToken.objects.get()
    assert token_authenticate(presented=printed.strip()) == token
    assert "shown only now" in note
    assert (token.scope, token.name) == ("write", "CRM")
    listing, _ = run("list", agent.email)
    assert token.prefix in listing
    assert "active" in listing
    assert printed.strip() not in listing
    run("revoke", token.prefix)
    assert token_authenticate(presented=printed.strip()) is None
    assert "revoked" in run("list", agent.email)[0]


def test_cli_errors_are_clear(read_only):
    with pytest.raises(CommandError, match="No agent"):
        run("create", "nobody@example.com")
    with pytest.raises(CommandError, match="read-only role"):
        run("create", read_only.email, "--scope", "write")
    with pytest.raises(CommandError, match="No token"):
        run("revoke", "000000000000")
    assert not ApiToken.objects.exists()


@pytest.mark.django_db(transaction=True)  # committed: what other processes would see
def test_live_tokens_are_remembered_and_each_call_gets_its_own_instances(agent):
    """Every API request checks its token: once remembered, no query, until a change."""
    token, text = token_create(agent=agent, scope="write")
    first = token_authenticate(presented=text)
    with CaptureQueriesContext(connection) as captured:
        again = token_authenticate(presented=text)
    assert not [q for q in captured.captured_queries if "api_apitoken" in q["sql"]]
    assert again == first == token
    assert again is not first
    assert again.agent is not first.agent
    assert again.agent == agent
    assert (again.scope, again.agent.role) == ("write", agent.role)


@pytest.mark.django_db(transaction=True)
def test_a_revocation_or_deactivation_is_seen_at_once_by_the_process_that_made_it(agent, lead):
    token, text = token_create(agent=agent, scope="read")
    _, lead_text = token_create(agent=lead, scope="read")
    assert token_authenticate(presented=text)
    assert token_authenticate(presented=lead_text)
    token_revoke(token=token)
    lead.is_active = False
    lead.save()
    assert token_authenticate(presented=text) is None
    assert token_authenticate(presented=lead_text) is None


@pytest.mark.django_db(transaction=True)
def test_a_token_made_since_the_tokens_were_remembered_is_read_directly(agent):
    """As a token made by another process, whose change this one has not heard of yet."""
    _, first = token_create(agent=agent, scope="read")
    assert token_authenticate(presented=first)
    mark, prefix, secret = "rdk", "newprefix1", "s" * 43
    rows_insert(  # written without signals, as another process's row looks from here
        [
            ApiToken(
                agent=agent,
                scope="read",
                prefix=prefix,
                secret_hash=secret_hash(secret),
                created_at=timezone.now(),
            )
        ]
    )
    assert token_authenticate(presented=f"{mark}_{prefix}_{secret}").prefix == prefix
    assert token_authenticate(presented=f"{mark}_{prefix}_{'t' * 43}") is None


def test_only_a_token_holders_row_changes_make_the_tokens_read_again(agent, lead):
    """Saving an agent bumps the configuration version (every process reads the remembered
    tokens again, and the saving transaction reads all configuration fresh) only when the
    agent holds a live token: sign-ins and set-ups save agents all the time."""

    def version():
        return ConfigVersion.objects.filter(name="config").values_list("value", flat=True).first()

    before = version()
    AgentFactory()
    agent.last_login = timezone.now()
    agent.save(update_fields=["last_login"])
    agent.full_name = "Renamed"
    agent.save()
    assert version() == before
    token_create(agent=lead, scope="read")
    with_token = version()
    lead.role = "agent"
    lead.save()
    assert version() == (with_token or 0) + 1
    agent_language_set(agent=lead, language="de")
    assert version() == (with_token or 0) + 2
    agent_language_set(agent=agent, language="de")
    assert version() == (with_token or 0) + 2
