from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import check_not_closed, lock
from realdesk.tickets.events import WorkaroundGiven, record_events, workaround_given
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import check_can_work_on


def ticket_workaround_give(*, ticket: Ticket, agent: User, note: str) -> Ticket:
    """Record that the customer can get on with a workaround while the real fix is pending.

    A workaround is not a solution: the ticket stays open, and reports count workarounds
    apart from resolutions, so "solved" keeps meaning solved.
    """
    note = " ".join(note.split())
    if not note:
        raise ApplicationError(gettext("Say what the workaround is."), code="empty")
    with transaction.atomic():
        ticket = lock(ticket)
        check_can_work_on(agent, ticket)
        check_not_closed(ticket)
        ticket.updated_at = timezone.now()
        ticket.save(update_fields=["updated_at"])
        record_events(
            [workaround_given(ticket=ticket, payload=WorkaroundGiven(note=note), actor=agent)]
        )
    return ticket
