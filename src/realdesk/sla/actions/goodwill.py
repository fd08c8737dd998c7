from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.sla.models import GoodwillLimit
from realdesk.tickets.actions.common import check_not_closed, lock
from realdesk.tickets.events import GoodwillGranted, goodwill_granted, record_events
from realdesk.tickets.models import Event, Ticket
from realdesk.tickets.permissions import check_can_work_on


def goodwill_grant(
    *, ticket: Ticket, agent: User, amount: Decimal | str, currency: str, note: str
) -> Event:
    """A credit or refund within the agent's own authority, recorded on the ticket.

    The limit per role is the approval given in advance, so the person talking to
    the customer can put it right at once; above it, the refusal says the limit.
    """
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ApplicationError(
            gettext("“%(amount)s” is not an amount.") % {"amount": amount}, code="invalid_amount"
        ) from None
    currency = currency.strip().upper()
    if not amount.is_finite() or amount <= 0:
        raise ApplicationError(gettext("The amount must be more than zero."), code="invalid_amount")
    if not note.strip():
        raise ApplicationError(
            gettext("Say why, for the next person who reads the ticket."), code="empty"
        )
    limit = GoodwillLimit.objects.filter(role=agent.role, currency=currency).first()
    if limit is None:
        raise ApplicationError(
            gettext("Your role has no goodwill authority in %(currency)s.")
            % {"currency": currency},
            code="no_authority",
        )
    if amount > limit.max_amount:
        raise ApplicationError(
            gettext("Your role may grant up to %(limit)s %(currency)s; ask a lead for more.")
            % {"limit": limit.max_amount, "currency": currency},
            code="above_authority",
            extra={"limit": str(limit.max_amount)},
        )
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(agent, ticket)
        check_not_closed(ticket)
        granted = goodwill_granted(
            ticket=ticket,
            actor=agent,
            after={"amount": str(amount), "currency": currency},
            payload=GoodwillGranted(note=note.strip(), limit=str(limit.max_amount)),
        )
        return record_events([granted])[0]
