"""Which ticket an inbound email continues, if any (the threading filter).

In order: our Message-IDs in In-Reply-To/References, a plus-address token
(support+t1234@), a subject token ([#1234]), then the same customer writing the same
subject again within a short window. A match only counts when the sender is the
ticket's own customer, or (under the "cc" stranger policy) someone the customer copied:
a stranger holding a token never gets into someone's ticket.
"""

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from realdesk.accounts.models import Customer
from realdesk.comms.email.addressing import ticket_number_in_address
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.tickets.choices import OPEN_STATUSES
from realdesk.tickets.models import Ticket
from realdesk.tickets.selectors import ticket_cc_includes

SUBJECT_TOKEN = re.compile(r"\[#(\d{1,12})\]")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs|antw|r|tr|rif)\s*(\[\d+\])?\s*:\s*)+", re.I)


def subject_key(subject: str) -> str:
    """The subject without Re:/Fwd: prefixes and our [#1234] token, for comparison."""
    without_token = SUBJECT_TOKEN.sub("", subject)
    return " ".join(_REPLY_PREFIX.sub("", without_token).split()).lower()


def _by_tokens(parsed: ParsedEmail) -> Ticket | None:
    numbers = [ticket_number_in_address(a) for a in (*parsed.to, *parsed.cc)]
    match = SUBJECT_TOKEN.search(parsed.subject)
    numbers.append(int(match.group(1)) if match else None)
    for number in numbers:
        if number is not None:
            ticket = Ticket.objects.filter(number=number).first()
            if ticket:
                return ticket
    return None


#: A customer's open email tickets written to within the window, by `recent_key`:
#: (last written, ticket).
RecentTickets = dict[int | str, tuple[datetime, Ticket]]
SUBJECT_CANDIDATES = 20


def recent_key(ticket: Ticket) -> int | str:
    """A ticket's own key, or for one still to be opened (no key yet), the object's."""
    return ticket.pk or f"draft {id(ticket)}"


def recent_email_tickets(customer_ids: list[int]) -> dict[int, RecentTickets]:
    """The tickets the same-subject guess may pick, per customer, in one read."""
    since = timezone.now() - timedelta(hours=settings.REALDESK_EMAIL_SUBJECT_WINDOW_HOURS)
    found: dict[int, RecentTickets] = {}
    if not customer_ids:
        return found
    tickets = Ticket.objects.filter(
        customer__in=customer_ids,
        status__in=OPEN_STATUSES,
        channel="email",
        last_customer_message_at__gte=since,
        merged_into__isnull=True,
    )
    for ticket in tickets:
        found.setdefault(ticket.customer_id, {})[recent_key(ticket)] = (
            ticket.last_customer_message_at,
            ticket,
        )
    return found


def _by_subject(parsed: ParsedEmail, recent: Callable[[], RecentTickets]) -> Ticket | None:
    key = subject_key(parsed.subject)
    if not key:
        return None
    latest = sorted(recent().values(), key=lambda pair: pair[0], reverse=True)
    candidates = [ticket for _, ticket in latest[:SUBJECT_CANDIDATES]]
    return next((t for t in candidates if subject_key(t.subject) == key), None)


def _may_write_into(ticket: Ticket | None, customer: Customer, *, accept_ccs: bool) -> bool:
    if ticket is None:
        return False
    if ticket.customer_id == customer.pk:
        return True
    # A ticket still to be opened in this batch has nobody copied yet.
    saved = ticket.pk is not None
    return accept_ccs and saved and ticket_cc_includes(ticket=ticket, customer=customer)


def find_ticket(
    parsed: ParsedEmail,
    *,
    customer: Customer,
    recent: Callable[[], RecentTickets],
    answered: Sequence[Ticket] = (),
    accept_ccs: bool = False,
) -> Ticket | None:
    """The ticket this email continues, only if it belongs to this customer or, when
    `accept_ccs`, its customer copied them. `answered` are the tickets of the messages the
    email answers by In-Reply-To/References (`InboundBatch.answered`), the first it may
    write into wins (more than one when senders wrote the same Message-ID),
    `recent` gives the customer's tickets the same-subject guess may pick (see
    `recent_email_tickets`), asked for only when the guess is needed.
    The same-subject guess is for the customer alone: a copied person continues a
    ticket only by replying to its mail."""
    for found in (*answered, _by_tokens(parsed)):
        if _may_write_into(found, customer, accept_ccs=accept_ccs):
            return found
    return _by_subject(parsed, recent)
