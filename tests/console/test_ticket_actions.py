import pytest

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.tickets.actions import message_receive, note_add
from realdesk.tickets.choices import Direction, Status
from realdesk.tickets.selectors import ticket_latest_event_id

pytestmark = pytest.mark.django_db


def act(client, ticket, action, **data):
    fields = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/agent/tickets/{ticket.number}/do/{action}/", fields)


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def test_reply_goes_out_and_makes_the_first_replier_owner(signed_in, agent, ticket):
    seen = ticket_latest_event_id(ticket=ticket)
    response = act(
        signed_in, ticket, "reply", body="Fixed it", status_after="pending", seen_event=seen
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.owner, ticket.status, ticket.awaiting_reply_since) == (agent, "pending", None)
    reply = ticket.messages.get(direction=Direction.OUTBOUND)
    assert (reply.body_text, reply.author_agent) == ("Fixed it", agent)
    assert "Reply sent." in signed_in.get(response["Location"]).text


def test_empty_reply_is_refused_and_nothing_is_sent(signed_in, ticket):
    seen = ticket_latest_event_id(ticket=ticket)
    response = act(signed_in, ticket, "reply", body="", status_after="pending", seen_event=seen)
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert ticket.messages.count() == 1


def test_reply_on_a_stale_view_warns_then_sends_on_confirm(signed_in, agent, ticket, customer):
    seen = ticket_latest_event_id(ticket=ticket)
    message_receive(
        ticket=ticket, customer=customer, body_text="Also my invoice is wrong", channel="email"
    )
    colleague = AgentFactory(teams=[ticket.team])
    note_add(ticket=ticket, agent=colleague, body_text="I refunded it already")

    warned = act(
        signed_in, ticket, "reply", body="Try again", status_after="pending", seen_event=seen
    )
    assert warned.status_code == 409
    assert "The ticket changed while you were writing" in warned.text
    assert "Also my invoice is wrong" in warned.text.split('class="stale"')[1]
    assert "I refunded it already" in warned.text.split('class="stale"')[1]
    assert 'name="reply-confirm_stale" value="on"' in warned.text
    assert "Try again</textarea>" in warned.text
    assert not ticket.messages.filter(direction=Direction.OUTBOUND).exists()

    sent = act(
        signed_in,
        ticket,
        "reply",
        body="Try again",
        status_after="pending",
        seen_event=seen,
        confirm_stale="on",
    )
    assert sent.status_code == 302
    assert ticket.messages.filter(direction=Direction.OUTBOUND).count() == 1


def test_own_changes_do_not_make_the_view_stale(signed_in, agent, ticket):
    seen = ticket_latest_event_id(ticket=ticket)
    note_add(ticket=ticket, agent=agent, body_text="my own note")
    response = act(signed_in, ticket, "reply", body="Hi", status_after="open", seen_event=seen)
    assert response.status_code == 302


def test_note_is_internal_and_distinct(signed_in, ticket):
    assert act(signed_in, ticket, "note", body="Call back tomorrow").status_code == 302
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert 'class="entry note"' in page
    ticket.refresh_from_db()
    assert ticket.awaiting_reply_since is not None


def test_take_status_priority_team_tags(signed_in, agent, ticket):
    billing = TeamFactory(name="Billing")
    agent.teams.add(billing)
    assert act(signed_in, ticket, "take").status_code == 302
    assert act(signed_in, ticket, "priority", priority="high").status_code == 302
    assert act(signed_in, ticket, "tags", tags="Refund, vip ,").status_code == 302
    assert act(signed_in, ticket, "team", team=billing.pk).status_code == 302
    assert act(signed_in, ticket, "status", status="on_hold", reason="").status_code == 302
    ticket.refresh_from_db()
    assert (ticket.owner, ticket.priority, ticket.team, ticket.status) == (
        agent,
        "high",
        billing,
        "on_hold",
    )
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["refund", "vip"]


def test_solving_unanswered_without_reason_shows_the_rule(signed_in, ticket):
    response = act(signed_in, ticket, "status", status="solved", reason="")
    assert response.status_code == 400
    assert "Nobody has answered this customer yet" in response.text
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_transfer_needs_a_note_and_then_shows_it_first(client, agent, team, ticket):
    colleague = AgentFactory(full_name="Mei Chen", teams=[team])
    client.force_login(agent)
    refused = act(client, ticket, "transfer", owner=colleague.pk, team="", note="")
    assert refused.status_code == 400
    ticket.refresh_from_db()
    assert ticket.owner is None

    done = act(client, ticket, "transfer", owner=colleague.pk, team="", note="Customer is on a Mac")
    assert done.status_code == 302
    client.force_login(colleague)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert page.index("Customer is on a Mac") < page.index('class="timeline"')
    assert "is now looked after by Mei Chen" in page


def test_merge_moves_history_and_lands_on_the_target(signed_in, team, ticket):
    target = open_ticket(team=team, customer=ticket.customer, subject="Same issue")
    response = act(signed_in, ticket, "merge", target=target.number)
    assert response["Location"] == f"/agent/tickets/{target.number}/"
    ticket.refresh_from_db()
    assert ticket.merged_into == target
    assert target.messages.count() == 2


def test_merge_into_an_invisible_ticket_is_refused(signed_in, ticket):
    hidden = open_ticket(team=TeamFactory(name="Hidden"))
    response = act(signed_in, ticket, "merge", target=hidden.number)
    assert response.status_code == 400
    assert f"There is no ticket #{hidden.number} you can see" in response.text
    ticket.refresh_from_db()
    assert ticket.merged_into is None


def test_read_only_sees_no_controls_and_cannot_change_anything(client, read_only, ticket):
    client.force_login(read_only)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert "can read tickets but not change them" in page
    assert "/do/reply/" not in page
    for action, data in [
        ("reply", {"body": "hi", "status_after": "pending", "seen_event": 0}),
        ("note", {"body": "hi"}),
        ("take", {}),
        ("priority", {"priority": "urgent"}),
    ]:
        assert act(client, ticket, action, **data).status_code == 403
    ticket.refresh_from_db()
    assert (ticket.owner, ticket.priority, ticket.messages.count()) == (None, "normal", 1)


def test_actions_on_another_teams_ticket_are_404(signed_in):
    hidden = open_ticket(team=TeamFactory(name="Hidden"))
    assert act(signed_in, hidden, "take").status_code == 404
    assert signed_in.post(f"/agent/tickets/{hidden.number}/do/explode/").status_code == 404


def test_unowned_ticket_page_shows_owner_missing(signed_in, ticket):
    page = signed_in.get(f"/agent/tickets/{ticket.number}/").text
    assert "nobody yet" in page
    assert "data-take" in page
