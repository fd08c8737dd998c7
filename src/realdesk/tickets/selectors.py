"""Reads of tickets, always scoped by what the asking agent may see."""

from django.db.models import F, QuerySet

from realdesk.accounts.models import User
from realdesk.tickets.models import Event, Message, Ticket
from realdesk.tickets.permissions import visible_tickets_q


def ticket_list(*, actor: User) -> QuerySet[Ticket]:
    """Visible tickets, the customer who has waited longest for a human first."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor), merged_into__isnull=True)
        .select_related("customer", "owner", "team")
        .order_by(F("awaiting_reply_since").asc(nulls_last=True), "-updated_at", "-number")
    )


def ticket_get(*, actor: User, number: int) -> Ticket:
    """The ticket with this number if the actor may see it; Ticket.DoesNotExist otherwise,
    so a hidden ticket looks exactly like a missing one."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor))
        .select_related("customer", "customer__organization", "owner", "team", "merged_into")
        .get(number=number)
    )


def ticket_timeline(*, ticket: Ticket) -> QuerySet[Message]:
    return ticket.messages.select_related("author_agent", "author_customer").prefetch_related(
        "attachments"
    )


def ticket_history(*, ticket: Ticket) -> QuerySet[Event]:
    return ticket.events.select_related("actor", "actor_customer")


def customer_other_tickets(*, actor: User, ticket: Ticket) -> QuerySet[Ticket]:
    """The customer's other tickets, so the agent remembers how it went last time."""
    return (
        Ticket.objects.filter(visible_tickets_q(actor), customer=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .order_by("-created_at")
    )
