import re

import pytest
from django.utils import timezone

from realdesk.automation.models import Macro

pytestmark = pytest.mark.django_db


def make_macro(*, owner, body="Hi {customer_name}, about #{ticket_number}: {owner} here. {eta}"):
    return Macro.objects.create(
        title="Greeting", body=body, owner=owner, created_by=owner, created_at=timezone.now()
    )


def test_agent_creates_a_personal_macro(client, agent):
    client.force_login(agent)
    response = client.post("/agent/macros/", {"title": "Thanks", "body": "Thank you!"})
    assert response.status_code == 302
    macro = Macro.objects.get()
    assert (macro.owner, macro.title) == (agent, "Thanks")


def test_only_leads_share_macros(client, agent, lead):
    client.force_login(agent)
    refused = client.post("/agent/macros/", {"title": "All", "body": "x", "shared": "on"})
    assert refused.status_code == 400
    assert "Only leads and admins manage shared macros" in refused.text
    assert not Macro.objects.exists()
    client.force_login(lead)
    client.post("/agent/macros/", {"title": "All", "body": "x", "shared": "on"})
    assert Macro.objects.get().owner is None


def test_read_only_cannot_write_macros(client, read_only):
    client.force_login(read_only)
    assert client.post("/agent/macros/", {"title": "T", "body": "x"}).status_code == 400
    assert not Macro.objects.exists()


def test_inserting_a_macro_gives_an_editable_draft_and_sends_nothing(client, agent, ticket):
    macro = make_macro(owner=agent)
    client.force_login(agent)
    fragment = client.get(
        f"/agent/tickets/{ticket.number}/", {"macro": macro.pk}, HTTP_HX_REQUEST="true"
    ).text
    expected = f"Hi {ticket.customer.name}, about #{ticket.number}: {agent} here. "
    assert fragment.strip().startswith('<div id="reply-editor">')
    assert expected in fragment
    assert "{eta}" not in fragment
    assert ticket.messages.count() == 1
    full = client.get(f"/agent/tickets/{ticket.number}/", {"macro": macro.pk}).text
    assert re.search(re.escape(expected) + r"[^<{]+</textarea>", full)


def test_someone_elses_personal_macro_is_not_usable(client, agent, lead, ticket):
    macro = make_macro(owner=lead)
    client.force_login(agent)
    assert client.get(f"/agent/tickets/{ticket.number}/", {"macro": macro.pk}).status_code == 404
    assert client.post(f"/agent/macros/{macro.pk}/delete/").status_code == 404
    assert Macro.objects.filter(pk=macro.pk).exists()


def test_owner_deletes_own_macro(client, agent):
    macro = make_macro(owner=agent)
    client.force_login(agent)
    client.post(f"/agent/macros/{macro.pk}/delete/")
    assert not Macro.objects.filter(pk=macro.pk).exists()
