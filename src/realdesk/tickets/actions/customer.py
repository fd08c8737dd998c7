"""The customer's own say over their ticket: "this is solved" and "it is not solved".

Solved is a state the customer confirms or reopens (P5); both come from the support
center, where the customer is signed in, and are recorded with them as the actor.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import Customer
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import apply_status, check_not_closed, lock
from realdesk.tickets.choices import Status, SystemCloseReason
from realdesk.tickets.events import record_events
from realdesk.tickets.models import Event, Ticket

#: Why the ticket was solved, and why its open promises were released.
CUSTOMER_SOLVED = SystemCloseReason.SOLVED_BY_CUSTOMER.value


def _customer_change(
    ticket: Ticket,
    customer: Customer,
    at: datetime | None,
    change: Callable[[Ticket, datetime], list[Event]],
) -> Ticket:
    """Lock the ticket, check it is the customer's own and still open to change, apply,
    save, then write the change's events."""
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        if ticket.customer_id != customer.pk:
            raise ApplicationError(
                gettext("%(customer)s is not the customer of ticket #%(number)s.")
                % {"customer": customer, "number": ticket.number},
                code="not_participant",
            )
        check_not_closed(ticket)
        events = change(ticket, when)
        ticket.updated_at = when
        ticket.save()
        record_events(events)
    return ticket


def ticket_customer_solve(
    *, ticket: Ticket, customer: Customer, open_promises: str = "", at: datetime | None = None
) -> Ticket:
    """The customer says the problem is gone: nobody waits for an answer any more. An
    update we promised them may still matter (the refund's confirmation), so they say
    whether they still want it (`open_promises` "keep") or not ("release"); with open
    promises and neither, the solve is refused, so none is silently left open or dropped."""

    def solve(locked: Ticket, when: datetime) -> list[Event]:
        events = apply_status(
            locked,
            Status.SOLVED,
            actor_customer=customer,
            reason=CUSTOMER_SOLVED,
            open_promises=open_promises,
            release_reason=CUSTOMER_SOLVED,
            at=when,
        )
        locked.awaiting_reply_since = None
        return events

    return _customer_change(ticket, customer, at, solve)


def ticket_customer_reopen(
    *, ticket: Ticket, customer: Customer, at: datetime | None = None
) -> Ticket:
    """The customer says it is not solved after all: they are waiting for us again."""

    def reopen(locked: Ticket, when: datetime) -> list[Event]:
        if locked.status != Status.SOLVED:
            raise ApplicationError(
                gettext("Ticket #%(number)s is not solved, so there is nothing to reopen.")
                % {"number": locked.number},
                code="not_solved",
            )
        events = apply_status(
            locked, Status.OPEN, actor_customer=customer, reason="reopened by the customer", at=when
        )
        locked.awaiting_reply_since = locked.awaiting_reply_since or when
        return events

    return _customer_change(ticket, customer, at, reopen)
