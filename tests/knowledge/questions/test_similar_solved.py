"""Similar solved tickets for the agent's suggestions: the same question in other words
(the real model), with the reply that solved it, and only tickets the agent may see."""

import pytest

from factories import AgentFactory, TeamFactory, open_ticket
from realdesk.knowledge.questions.similar import similar_solved_tickets, solved_reply_get
from realdesk.knowledge.questions.vectors import question_embedder, question_record
from realdesk.tickets.actions import message_send, note_add
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Message

pytestmark = pytest.mark.django_db


def _asked(text: str, *, team, solver=None, answer: str = "") -> object:
    ticket = open_ticket(subject="Question", body_text=text, team=team)
    if solver:
        message_send(ticket=ticket, agent=solver, body_text=answer, status_after=Status.SOLVED)
    question_record(ticket_id=ticket.pk, model=question_embedder())
    return ticket


def test_a_paraphrase_finds_the_solved_ticket_and_its_reply(cached_embedder, agent, team):
    solved = _asked(
        "My new card still has not arrived after two weeks",
        team=team,
        solver=agent,
        answer="Cards take up to 10 working days; I have sent a new one.",
    )
    _asked("How do I change my PIN?", team=team, solver=agent, answer="In the app, Cards, PIN.")
    _asked("My card never came in the post", team=team)  # open: not an answer yet
    new = _asked("I am still waiting for my card to be delivered", team=team)
    found = similar_solved_tickets(actor=agent, ticket=new)
    assert [f.ticket for f in found] == [solved]
    assert found[0].reply.body_text.startswith("Cards take up to 10 working days")
    assert found[0].similarity >= 0.6


def test_only_tickets_the_agent_may_see(settings, agent, team):
    settings.REALDESK_SEARCH_EMBEDDER = ""  # words alone: enough for the same wording
    other_team = TeamFactory(name="Billing")
    outsider = AgentFactory(teams=[other_team])
    hidden = _asked(
        "refund for double charge", team=other_team, solver=outsider, answer="Refunded."
    )
    new = _asked("refund for double charge", team=team)
    assert similar_solved_tickets(actor=agent, ticket=new) == []
    assert [f.ticket for f in similar_solved_tickets(actor=outsider, ticket=new)] == [hidden]
    reply = hidden.messages.get(author_agent=outsider)
    with pytest.raises(Message.DoesNotExist):
        solved_reply_get(actor=agent, message_id=reply.pk)
    assert solved_reply_get(actor=outsider, message_id=reply.pk) == reply


def test_the_reply_is_the_last_agent_reply_before_the_solve_not_a_note(settings, agent, team):
    settings.REALDESK_SEARCH_EMBEDDER = ""
    ticket = open_ticket(subject="Question", body_text="export my invoices", team=team)
    message_send(ticket=ticket, agent=agent, body_text="Which month?", status_after=None)
    message_send(ticket=ticket, agent=agent, body_text="Here they are.", status_after=None)
    note_add(ticket=ticket, agent=agent, body_text="internal: customer is VIP")
    ticket.refresh_from_db()
    message_send(ticket=ticket, agent=agent, body_text="Done, all months.", status_after="solved")
    question_record(ticket_id=ticket.pk, model=question_embedder())
    new = _asked("export my invoices", team=team)
    [found] = similar_solved_tickets(actor=agent, ticket=new)
    assert found.reply.body_text == "Done, all months."
