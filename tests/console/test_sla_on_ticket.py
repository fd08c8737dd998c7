"""The SLA engine on the ticket page: the service-level card, promises, workarounds, {eta}."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from realdesk.automation.actions import macro_create
from realdesk.sla.actions.promises import promise_make
from realdesk.sla.models import GoodwillLimit, Promise, SLAPolicy
from realdesk.tickets.choices import EventKind

pytestmark = pytest.mark.django_db


def act(client, ticket, action, **data):
    fields = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/agent/tickets/{ticket.number}/do/{action}/", fields)


@pytest.fixture
def policy(db):
    """A round-the-clock policy, made before the ticket so its clocks start with it."""
    hour = timedelta(hours=1)
    return SLAPolicy.objects.create(
        name="Standard", first_response=8 * hour, next_response=4 * hour, resolution=40 * hour
    )


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def local_input(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_ticket_page_shows_the_service_level(signed_in, policy, ticket):
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert "Service level" in page
    assert "First response" in page


def test_agent_makes_a_promise_from_the_ticket(signed_in, agent, ticket):
    due = timezone.now() + timedelta(hours=5)
    response = act(signed_in, ticket, "promise", what="the replacement", due_at=local_input(due))
    assert response.status_code == 302
    promise = Promise.objects.get(ticket=ticket)
    assert (promise.what, promise.agent) == ("the replacement", agent)
    assert abs(promise.due_at - due) < timedelta(minutes=1)
    assert "the replacement" in signed_in.get(f"/agent/tickets/{ticket.number}/").text


def test_a_promise_in_the_past_is_refused(signed_in, ticket):
    past = timezone.now() - timedelta(hours=1)
    response = act(signed_in, ticket, "promise", what="the fix", due_at=local_input(past))
    assert response.status_code == 400
    assert "A promise is about the future." in response.text
    assert not Promise.objects.exists()


def test_workaround_is_recorded_and_the_ticket_stays_open(signed_in, agent, ticket):
    response = act(signed_in, ticket, "workaround", note="Export one month at a time")
    assert response.status_code == 302
    event = ticket.events.get(kind=EventKind.WORKAROUND_GIVEN)
    assert (event.actor, event.data) == (agent, {"note": "Export one month at a time"})
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_read_only_agent_cannot_promise(client, read_only, ticket):
    client.force_login(read_only)
    due = local_input(timezone.now() + timedelta(hours=2))
    assert act(client, ticket, "promise", what="x", due_at=due).status_code == 403
    assert not Promise.objects.exists()


def test_eta_placeholder_fills_from_the_running_clock(signed_in, agent, policy, ticket):
    macro = macro_create(actor=agent, title="Soon", body="You will hear from us {eta}.")
    page = signed_in.get(f"/agent/tickets/{ticket.number}/?macro={macro.pk}").text
    assert "{eta}" not in page
    assert "You will hear from us " in page


def test_goodwill_within_authority_is_granted_and_above_it_refused(signed_in, agent, ticket):
    GoodwillLimit.objects.create(role=agent.role, currency="USD", max_amount=50)
    ok = act(signed_in, ticket, "goodwill", amount="20", currency="usd", note="Late parcel")
    assert ok.status_code == 302
    event = ticket.events.get(kind=EventKind.GOODWILL_GRANTED)
    assert event.actor == agent
    too_much = act(signed_in, ticket, "goodwill", amount="80", currency="USD", note="More")
    assert too_much.status_code == 400
    assert "up to 50" in too_much.text
    assert ticket.events.filter(kind=EventKind.GOODWILL_GRANTED).count() == 1


def test_customer_panel_warns_of_a_recent_missed_service_level(signed_in, customer, team):
    from factories import open_ticket
    from realdesk.tickets.events import SlaChanged, record_events, sla_changed

    earlier = open_ticket(customer=customer, team=team)
    record_events([sla_changed(ticket=earlier, payload=SlaChanged(), after="breached")])
    current = open_ticket(customer=customer, team=team)
    page = signed_in.get(f"/agent/tickets/{current.number}/").text
    assert "Let down recently" in page
    assert f'we missed a service level on <a href="/agent/tickets/{earlier.number}/">' in page


def test_ratings_show_on_the_ticket_and_in_the_customer_panel(signed_in, agent, customer, team):
    from factories import open_ticket
    from realdesk.surveys.actions import rating_ask, rating_record
    from realdesk.tickets.actions import message_send

    earlier = open_ticket(customer=customer, team=team, subject="Old problem")
    message_send(ticket=earlier, agent=agent, body_text="Done.", status_after="solved")
    solved = earlier.events.get(kind=EventKind.STATUS_CHANGED, after="solved")
    rating_record(rating=rating_ask(solve_event=solved), score="bad", comment="Took ages")
    current = open_ticket(customer=customer, team=team)

    page = signed_in.get(f"/agent/tickets/{current.number}/").text
    assert "Rated us <strong>0 good</strong>, <strong>1 bad</strong>" in page
    assert "rated bad" in page
    assert f'rated us bad on <a href="/agent/tickets/{earlier.number}/">' in page
    earlier_page = signed_in.get(f"/agent/tickets/{earlier.number}/").text
    assert "Took ages" in earlier_page


def test_customer_panel_lists_open_promises_across_tickets(signed_in, agent, customer, team):
    from factories import open_ticket

    other = open_ticket(customer=customer, team=team)
    due = timezone.now() + timedelta(days=2)
    promise_make(ticket=other, agent=agent, due_at=due, what="the credit note")
    current = open_ticket(customer=customer, team=team)
    page = signed_in.get(f"/agent/tickets/{current.number}/").text
    assert "Open promises" in page
    assert f"#{other.number}</a> the credit note" in page


def test_a_german_agent_reads_the_escalation_reason_in_german(client, agent, customer, team):
    from factories import open_ticket
    from realdesk.sla.actions import escalation_evaluate
    from realdesk.sla.choices import Condition, Response
    from realdesk.sla.models import EscalationRule

    EscalationRule.objects.create(
        name="again", condition=Condition.REPEAT_CONTACT, response=Response.RAISE_PRIORITY
    )
    first = open_ticket(customer=customer, team=team, subject="Invoice shows wrong address")
    second = open_ticket(customer=customer, team=team, subject="Re: wrong address on invoice")
    escalation_evaluate(ticket=second)
    agent.language = "de"
    agent.save(update_fields=["language"])
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{second.number}/").text
    card = re.search(r'<ul class="escalations">.*?</ul>', page, re.S).group()
    assert f"gleiche Anfrage wie #{first.number}" in card
    history = re.search(r'<section class="card" id="history".*?</section>', page, re.S).group()
    assert f"gleiche Anfrage wie #{first.number}" in history
    assert "same issue as" not in page
