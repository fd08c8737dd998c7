import pytest

from factories import TeamFactory, open_ticket
from realdesk.tickets.actions import message_send, note_add, ticket_cc_add

pytestmark = pytest.mark.django_db


def test_ticket_page_shows_timeline_customer_and_history(client, agent, ticket, customer):
    message_send(ticket=ticket, agent=agent, body_text="We are on it <script>x</script>")
    note_add(ticket=ticket, agent=agent, body_text="Checked the logs")
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert ticket.subject in page
    assert "We are on it &lt;script&gt;" in page
    assert 'class="entry note"' in page
    assert customer.identities.get().value in page
    assert "Agent replied" in page


def test_ticket_of_another_team_is_not_found(client, agent):
    hidden = open_ticket(team=TeamFactory(name="Billing"))
    client.force_login(agent)
    assert client.get(f"/agent/tickets/{hidden.number}/").status_code == 404
    assert f"#{hidden.number}" not in client.get("/agent/").text


def test_home_query_count_is_flat(client, agent, team, django_assert_max_num_queries):
    for _ in range(12):
        open_ticket(team=team)
    client.force_login(agent)
    # 6 for the list, 3 for the bulk bar's choices (people, teams, open incidents).
    with django_assert_max_num_queries(9):
        response = client.get("/agent/")
    assert response.text.count('class="num"') == 12


def test_ticket_page_shows_who_the_customer_copied(client, agent, ticket):
    ticket_cc_add(
        ticket=ticket,
        addresses=["bob@example.org", "carol@example.org"],
        actor_customer=ticket.customer,
    )
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert "Cc: bob@example.org, carol@example.org</p>" in page
    assert f"Copied in: bob@example.org, carol@example.org by {ticket.customer}" in page
    assert '<small class="copying">copying bob@example.org, carol@example.org</small>' in page


def test_ticket_page_without_ccs_shows_no_cc_line(client, agent, ticket):
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert "Cc:" not in page
    assert "copying" not in page


def test_the_channel_is_one_translated_phrase(client, agent):
    """Not "Über" + "Phone": each channel says how a ticket came, in its own words."""
    agent.language = "de"
    agent.save(update_fields=["language"])
    ticket = open_ticket(team=agent.teams.first(), channel="phone")
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert "Am Telefon" in page
    assert "Über Phone" not in page
    assert "Über Telefon" not in page
