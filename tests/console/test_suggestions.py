"""The suggestions beside a ticket: loaded after the page (htmx), articles and similar solved
tickets; inserting either gives an editable draft and sends nothing."""

import pytest

from factories import AgentFactory, TeamFactory, open_ticket, write_article
from realdesk.knowledge.questions.vectors import question_embedder, question_record
from realdesk.tickets.actions import message_send
from realdesk.tickets.choices import Status

pytestmark = pytest.mark.django_db

QUESTION = "How do I get a refund for a double charge?"


@pytest.fixture(autouse=True)
def words_only(settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""  # the same wording is enough for these tests


@pytest.fixture
def solved(agent, team):
    ticket = open_ticket(subject="Charged twice", body_text=QUESTION, team=team)
    message_send(
        ticket=ticket,
        agent=agent,
        body_text="I have refunded the second charge.",
        status_after=Status.SOLVED,
    )
    question_record(ticket_id=ticket.pk, model=question_embedder())
    return ticket


def test_the_ticket_page_loads_them_afterwards(client, agent, ticket):
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert f'hx-get="/agent/tickets/{ticket.number}/suggestions/"' in page
    assert 'hx-trigger="load"' in page


def test_articles_and_solved_tickets_with_their_reply(client, agent, team, solved):
    write_article("refunds", en=("Refunds for double charges", "A double charge is refunded."))
    new = open_ticket(subject="Refund", body_text=QUESTION, team=team)
    client.force_login(agent)
    with_queries = client.get(f"/agent/tickets/{new.number}/suggestions/")
    fragment = with_queries.text
    assert with_queries.status_code == 200
    assert "Refunds for double charges" in fragment
    assert "?article=refunds" in fragment
    assert f"#{solved.number} Charged twice" in fragment
    reply = solved.messages.get(author_agent=agent)
    assert f"?answer={reply.pk}" in fragment
    assert "I have refunded the second charge." in fragment


def test_inserting_a_solved_reply_is_a_draft_and_sends_nothing(client, agent, team, solved):
    new = open_ticket(subject="Refund", body_text=QUESTION, team=team)
    reply = solved.messages.get(author_agent=agent)
    client.force_login(agent)
    fragment = client.get(
        f"/agent/tickets/{new.number}/", {"answer": reply.pk}, HTTP_HX_REQUEST="true"
    ).text
    assert fragment.strip().startswith('<div id="reply-editor">')
    assert "I have refunded the second charge.\n</textarea>" in fragment
    assert new.messages.count() == 1


def test_another_teams_reply_cannot_be_inserted_nor_is_suggested(client, team, solved):
    outsider = AgentFactory(teams=[TeamFactory(name="Billing")])
    reply = solved.messages.exclude(author_agent=None).get()
    mine = open_ticket(subject="Refund", body_text=QUESTION)  # no team: everyone sees it
    client.force_login(outsider)
    assert client.get(f"/agent/tickets/{mine.number}/", {"answer": reply.pk}).status_code == 404
    assert client.get(f"/agent/tickets/{mine.number}/", {"answer": "x"}).status_code == 404
    fragment = client.get(f"/agent/tickets/{mine.number}/suggestions/").text
    assert "Charged twice" not in fragment


def test_a_ticket_the_agent_may_not_see_has_no_suggestions(client, solved):
    outsider = AgentFactory(teams=[TeamFactory(name="Billing")])
    client.force_login(outsider)
    assert client.get(f"/agent/tickets/{solved.number}/suggestions/").status_code == 404
