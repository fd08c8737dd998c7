"""Taking a ticket from another owner is a transfer; solving asks about open promises."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from factories import AgentFactory
from realdesk.sla.actions import promise_make
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.models import Promise
from realdesk.tickets.actions import ticket_assign, ticket_transfer
from realdesk.tickets.choices import Direction, Status
from sla.conftest import H

pytestmark = pytest.mark.django_db


def act(client, ticket, action, **data):
    fields = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/agent/tickets/{ticket.number}/do/{action}/", fields)


@pytest.fixture
def colleague(team):
    return AgentFactory(full_name="Mei Chen", teams=[team])


@pytest.fixture
def theirs(ticket, colleague):
    """The ticket, owned by a colleague of the signed-in agent."""
    return ticket_assign(ticket=ticket, owner=colleague, actor=colleague)


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def test_take_it_from_opens_the_transfer_form_with_me_as_the_new_owner(signed_in, agent, theirs):
    page = signed_in.get(f"/agent/tickets/{theirs.number}/").text
    take = re.search(r'<form method="get"[^>]*>.*?</form>', page, re.S).group()
    assert "Take it from Mei Chen" in take
    assert 'name="take"' in take

    page = signed_in.get(f"/agent/tickets/{theirs.number}/", {"take": "1"}).text
    assert '<details id="transfer" open>' in page
    assert f'<option value="{agent.pk}" selected>' in page
    assert "You take it from Mei Chen" in page


def test_taking_it_without_a_transfer_is_refused(signed_in, colleague, theirs):
    response = act(signed_in, theirs, "take")
    assert response.status_code == 400
    assert "transfer it with a handoff note" in response.text
    theirs.refresh_from_db()
    assert theirs.owner == colleague


def test_taking_it_needs_the_note_and_the_customer_is_told(signed_in, agent, colleague, theirs):
    refused = act(signed_in, theirs, "transfer", owner=agent.pk, team="", note=" ")
    assert refused.status_code == 400
    theirs.refresh_from_db()
    assert theirs.owner == colleague

    done = act(signed_in, theirs, "transfer", owner=agent.pk, team="", note="Mei is away")
    assert done.status_code == 302
    theirs.refresh_from_db()
    assert theirs.owner == agent
    notice = theirs.messages.filter(direction=Direction.OUTBOUND).get()
    assert notice.body_text == f"Your request #{theirs.number} is now looked after by {agent}."


def test_the_handoff_card_lists_the_promises_handed_over(client, agent, colleague, theirs):
    promise_make(
        ticket=theirs, agent=colleague, due_at=timezone.now() + 3 * H, what="the refund status"
    )
    ticket_transfer(ticket=theirs, actor=colleague, owner=agent, note="Refund pending")
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{theirs.number}/").text
    card = re.search(r'<section class="handoff".*?</section>', page, re.S).group()
    assert "<p>Refund pending</p>" in card  # the note, read through tickets.events.note_of
    assert "Promises handed over" in card
    assert "the refund status" in card
    assert f"({agent})" in card


def test_solving_with_an_open_promise_asks_to_keep_or_release_it(signed_in, agent, ticket):
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    promise_make(ticket=ticket, agent=agent, due_at=timezone.now() + 3 * H, what="the refund")
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert 'name="status-open_promises" value="keep"' in page

    asked = act(signed_in, ticket, "status", status="solved", reason="Done")
    assert asked.status_code == 400
    assert "has open promises to the customer: the refund" in asked.text
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW

    done = act(
        signed_in,
        ticket,
        "status",
        status="solved",
        reason="Done",
        open_promises="release",
        release_reason="fixed on the phone",
    )
    assert done.status_code == 302
    promise = Promise.objects.get(ticket=ticket)
    assert (promise.status, promise.release_reason) == (
        PromiseStatus.RELEASED,
        "fixed on the phone",
    )


def test_without_open_promises_the_status_form_does_not_ask(signed_in, ticket):
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert "status-open_promises" not in page


def test_a_german_agent_reads_the_open_promises_due_time_in_german(client, agent, ticket, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # the console's zone: the refusal reads times in it
    ticket_assign(ticket=ticket, owner=agent, actor=agent)
    due = (timezone.now() + 2 * 24 * H).replace(hour=14, minute=0, second=0, microsecond=0)
    promise_make(ticket=ticket, agent=agent, due_at=due, what="the refund")
    agent.language = "de"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    with translation.override("de"):
        local = timezone.localtime(due, ZoneInfo("Europe/Berlin"))
        when = f"{date_format(local, 'D, j. M, H:i')} {local:%Z}"  # the German catalog's form
    with translation.override("en"):
        asked = act(client, ticket, "status", status="solved", reason="Erledigt")
    assert asked.status_code == 400
    assert f"the refund (bis {when})" in asked.text
    assert " (by " not in asked.text
