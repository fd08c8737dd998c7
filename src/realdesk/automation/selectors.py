from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from realdesk.accounts.models import User
from realdesk.automation.models import Macro
from realdesk.automation.placeholders import fill_placeholders
from realdesk.sla.choices import PromiseStatus
from realdesk.sla.eta import first_response_estimate, reader_zone
from realdesk.sla.models import EtaPrediction
from realdesk.sla.phrasing import describe_told, describe_waiting_on_customer
from realdesk.sla.selectors import sla_for_ticket
from realdesk.tickets.choices import Status
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
        "eta": _next_word_from_us(ticket),
    }
    return fill_placeholders(macro.body, values)


def _next_word_from_us(ticket: Ticket) -> str:
    """`{eta}` in every status: the earliest of the running clocks and open promises;
    with none, the customer's own move on a pending or solved ticket; else what the
    customer was last told, if still ahead; else the queue's honest estimate now."""
    now = timezone.now()
    language = ticket.language or ticket.customer.language or settings.LANGUAGE_CODE
    sla = sla_for_ticket(ticket)
    commitments = [sla.next_due] + [
        p.due_at for p in sla.promises if p.status == PromiseStatus.OPEN
    ]
    if due := min((d for d in commitments if d), default=None):
        return _phrase(ticket, due, now=now, language=language)
    if ticket.status in (Status.PENDING, Status.SOLVED, Status.CLOSED):
        return describe_waiting_on_customer(
            solved=ticket.status != Status.PENDING, language=language
        )
    told = EtaPrediction.objects.filter(ticket=ticket, eta__gt=now).values_list("eta", flat=True)
    when = told.first() or first_response_estimate(ticket, now=now).eta
    return _phrase(ticket, when, now=now, language=language)


def _phrase(ticket: Ticket, when: datetime, *, now: datetime, language: str) -> str:
    """On the customer's clock, with the exact time and its zone (#16.3)."""
    return describe_told(when, now=now, timezone=reader_zone(ticket), language=language)
