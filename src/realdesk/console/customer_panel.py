"""What the console shows beside a conversation: the customer (earlier tickets, let-downs,
promises, ratings) and the ticket's history. Shared by the ticket page and the chats view,
so an agent reads a customer the same way wherever they meet them."""

from realdesk.accounts.models import User
from realdesk.console.history import history_lines
from realdesk.sla.selectors import customer_open_promises
from realdesk.surveys.selectors import customer_satisfaction, latest_scores
from realdesk.tickets import selectors
from realdesk.tickets.models import Ticket


def customer_panel(*, actor: User, ticket: Ticket) -> dict:
    """The context of console/_customer.html and console/_history.html, read as this agent
    sees it (tickets/permissions.py)."""
    customer_id = ticket.customer_id
    other_tickets = list(selectors.customer_other_tickets(actor=actor, ticket=ticket)[:20])
    scores = latest_scores(ticket_ids=[other.pk for other in other_tickets])
    for other in other_tickets:
        other.rating = scores.get(other.pk)
    return {
        "identities": ticket.customer.identities.all(),
        "other_tickets": other_tickets,
        "letdowns": selectors.customer_letdowns(actor=actor, customer_id=customer_id)[:5],
        "open_promises": customer_open_promises(actor=actor, customer_id=customer_id),
        "satisfaction": customer_satisfaction(actor=actor, customer_id=customer_id),
        "history": history_lines(selectors.ticket_history(ticket=ticket)),
    }
