from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.automation.models import Macro
from realdesk.automation.placeholders import fill_placeholders
from realdesk.sla.eta import describe_eta
from realdesk.sla.selectors import sla_for_ticket
from realdesk.tickets.models import Ticket


def macros_for(*, actor: User) -> QuerySet[Macro]:
    """The shared macros and the actor's own."""
    return Macro.objects.filter(Q(owner__isnull=True) | Q(owner=actor))


def macro_draft(*, macro: Macro, ticket: Ticket, actor: User) -> str:
    """The macro's text for this ticket, as a draft for the agent to edit."""
    values = {
        "customer_name": ticket.customer.name or str(ticket.customer),
        "ticket_number": str(ticket.number),
        "owner": str(ticket.owner or actor),
        "agent": str(actor),
    }
    if due := sla_for_ticket(ticket).next_due:
        values["eta"] = describe_eta(due, now=timezone.now(), timezone=settings.TIME_ZONE)
    return fill_placeholders(macro.body, values)
