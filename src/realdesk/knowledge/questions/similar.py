"""Solved tickets that asked what this ticket asks, with the reply that solved each: an
agent answering a question the team has answered before starts from that answer.

Scoped by the agent: only tickets they may see are compared (tickets/permissions.py), so
a suggestion never shows another team's customer. The newest `POOL` solved questions are
compared in memory; older answers are the knowledge base's job.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from realdesk.accounts.models import User
from realdesk.knowledge.models import TicketQuestion
from realdesk.knowledge.questions.vectors import (
    SIMILAR,
    matrix_of,
    question_embedder,
    question_vector,
    threshold_for,
)
from realdesk.tickets.choices import Direction, Status
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.permissions import visible_tickets_q

POOL = 3000
DONE = (Status.SOLVED, Status.CLOSED)


@dataclass(frozen=True)
class SimilarTicket:
    ticket: Ticket
    question: str
    reply: Message
    similarity: float


def solving_replies_q() -> Q:
    """Agent replies to the customer (not notes, not RealDesk's own mails)."""
    return Q(direction=Direction.OUTBOUND, author_agent__isnull=False)


def solving_reply(ticket: Ticket) -> Message | None:
    """The last agent reply before the ticket was solved: the one that answered."""
    replies = ticket.messages.filter(solving_replies_q())
    if ticket.solved_at:
        replies = replies.filter(created_at__lte=ticket.solved_at)
    return replies.order_by("-created_at", "-pk").first()


def similar_solved_tickets(*, actor: User, ticket: Ticket, limit: int = 3) -> list[SimilarTicket]:
    model = question_embedder()
    pool = list(
        TicketQuestion.objects.filter(model=model.name, ticket__status__in=DONE)
        .filter(ticket__in=Ticket.objects.filter(visible_tickets_q(actor)))
        .exclude(ticket=ticket)
        .order_by("-asked_at")
        .values_list("ticket_id", "text", "vector")[:POOL]
    )
    if not pool:
        return []
    question = question_vector(ticket=ticket, model=model)
    scores = matrix_of((row[2] for row in pool), len(question)) @ question
    found: list[SimilarTicket] = []
    for index in np.argsort(-scores):
        if scores[index] < threshold_for(model, SIMILAR) or len(found) >= limit:
            break
        ticket_id, text, _ = pool[index]
        other = Ticket.objects.get(pk=ticket_id)
        reply = solving_reply(other)
        if reply is not None:
            found.append(SimilarTicket(other, text, reply, round(float(scores[index]), 3)))
    return found


def solved_reply_get(*, actor: User, message_id: int) -> Message:
    """An agent's reply on a ticket this actor may see, to start a draft from;
    Message.DoesNotExist otherwise (indistinguishable from a missing one)."""
    visible = Ticket.objects.filter(visible_tickets_q(actor))
    return Message.objects.filter(solving_replies_q(), ticket__in=visible).get(pk=message_id)
