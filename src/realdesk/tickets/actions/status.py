from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import apply_status, lock
from realdesk.tickets.choices import Status
from realdesk.tickets.events import record_events
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import check_can_work_on


def ticket_set_status(
    *,
    ticket: Ticket,
    status: str,
    actor: User,
    reason: str = "",
    open_promises: str = "",
    release_reason: str = "",
    at: datetime | None = None,
) -> Ticket:
    """Change the status by hand. Solving a ticket nobody answered needs a reason,
    so no customer is closed on without a word or an explanation; solving one with open
    promises needs `open_promises` (keep or release, with `release_reason`), so no promise
    is left behind on a solved ticket without anyone deciding it."""
    if status not in Status.values:
        raise ApplicationError(
            gettext("Unknown status %(status)r") % {"status": status}, code="invalid_status"
        )
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(actor, ticket)
        if (
            status in {Status.SOLVED, Status.CLOSED}
            and ticket.first_response_at is None
            and not reason.strip()
        ):
            raise ApplicationError(
                gettext(
                    "Nobody has answered this customer yet: reply, or give the reason for "
                    "closing without a reply."
                ),
                code="reason_required",
            )
        when = at or timezone.now()
        events = apply_status(
            ticket,
            status,
            actor=actor,
            reason=reason.strip(),
            open_promises=open_promises,
            release_reason=release_reason,
            at=when,
        )
        ticket.updated_at = when
        ticket.save()
        record_events(events)
    return ticket
