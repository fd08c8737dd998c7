"""Personal API tokens: shown once, stored hashed, scoped, revocable, and the CLI."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from realdesk.api.actions import token_create, token_revoke, token_touch
from realdesk.api.models import ApiToken
from realdesk.api.selectors import token_authenticate
from realdesk.core.errors import ApplicationError

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


def test_touch_of_a_recently_used_token_costs_no_query(agent, django_assert_num_queries):
    """Every API request touches its token; a read must not turn into a write each time."""
    token, _ = token_create(agent=agent, scope="read")
    token_touch(token=token)
    token.refresh_from_db()
    with django_assert_num_queries(0):
        token_touch(token=token)
    token.last_used_at -= timedelta(minutes=2)
    with django_assert_num_queries(1):
        token_touch(token=token)
    token.refresh_from_db()
    assert token.last_used_at > timezone.now() - timedelta(seconds=5)


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
