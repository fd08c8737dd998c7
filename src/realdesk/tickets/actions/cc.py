"""The people a customer copies on their ticket."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions.common import check_not_closed, lock
from realdesk.tickets.events import CcAdded, cc_added, record_events
from realdesk.tickets.models import Ticket, TicketCC

#: A copied person costs a customer row and a Cc on every reply: a mass mail copying
#: hundreds must not turn one ticket into a mailing list.
MAX_TICKET_CCS = 20


def ticket_cc_add(
    *,
    ticket: Ticket,
    addresses: Sequence[str],
    actor_customer: Customer,
    at: datetime | None = None,
) -> list[TicketCC]:
    """Copy these email addresses on the ticket, because its customer copied them.

    Only the customer copies people in: a stranger must not be able to invite himself.
    The customer's own address and people already copied are skipped; past
    MAX_TICKET_CCS the rest are left out (counted on the Event). Returns the rows added.
    """
    if actor_customer.pk != ticket.customer_id:
        raise ApplicationError(
            gettext("Only the customer of ticket #%(number)s copies people on it.")
            % {"number": ticket.number},
            code="not_participant",
        )
    wanted = list(dict.fromkeys(normalize_email(address) for address in addresses))
    when = at or timezone.now()
    with transaction.atomic():
        ticket = lock(ticket)
        check_not_closed(ticket)
        copied = dict(ticket.ccs.values_list("address", "customer_id"))
        people, room = set(copied.values()), MAX_TICKET_CCS - len(copied)
        added: list[TicketCC] = []
        left_out = 0
        for address in (a for a in wanted if a not in copied):
            if len(added) >= room:
                left_out += 1
                continue
            person = customer_identify(kind=IdentityKind.EMAIL, value=address, at=when)
            if person.pk == ticket.customer_id or person.pk in people:
                continue
            people.add(person.pk)
            added.append(TicketCC(ticket=ticket, customer=person, address=address, added_at=when))
        if not added:
            return []
        TicketCC.objects.bulk_create(added)
        record_events(
            [
                cc_added(
                    ticket=ticket,
                    payload=CcAdded(left_out=left_out) if left_out else CcAdded(),
                    actor_customer=actor_customer,
                    after=[cc.address for cc in added],
                    at=when,
                )
            ]
        )
    return added
