"""What a batch of inbound email needs to know from the database, read once for the batch.

Why: every email asked the same tables the same small questions (is its Message-ID ours,
or already received? which ticket does it answer? who is its sender? did that address
bounce? how many acknowledgements went there lately?), about a third of a bulk import's
statements. The batch asks once for all its emails, then learns from each email it
delivers, so that the next email of the same batch (a reply to the one before it, or
the same email twice) is seen exactly as if the first had been committed before.
A single email from the SMTP/LMTP listener is a batch of one: the same code.

Learning happens only after an email's savepoint is released: an email whose processing
failed (quarantined, its work rolled back) teaches the batch nothing.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from realdesk.accounts.actions import customer_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer, CustomerIdentity
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.parse import ParsedEmail
from realdesk.comms.models import AddressFlag, OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.tickets.models import Message, Ticket


@dataclass(frozen=True)
class SeenIds:
    """What the database holds of one email's Message-IDs, shared by the loop check,
    the duplicate check and threading."""

    sent_by_us: bool = False  # its own Message-ID is one of ours: our mail came back
    received: bool = False  # its own Message-ID arrived before: a duplicate
    answered: Ticket | None = None  # the ticket of a message it answers, ours first


def _referenced_ids(parsed: ParsedEmail) -> tuple[str | None, list[str]]:
    """(its own Message-ID, the Message-IDs it answers)."""
    return parsed.message_id, [i for i in (parsed.in_reply_to, *parsed.references) if i]


def _sender(parsed: ParsedEmail) -> str | None:
    """The sender's address as identities store it; None when it is not one valid address
    (the sender check rejects such an email before anybody needs its customer)."""
    try:
        return normalize_email(parsed.from_address) if parsed.from_address else None
    except ApplicationError:
        return None


@dataclass
class InboundBatch:
    # Message-ID -> the ticket of the first of our sent emails / received messages with it
    sent: dict[str, Ticket] = field(default_factory=dict)
    received: dict[str, Ticket] = field(default_factory=dict)
    customers: dict[str, Customer] = field(default_factory=dict)  # normalized address
    flagged: set[str] = field(default_factory=set)  # senders whose address bounced for good
    acknowledged: Counter = field(default_factory=Counter)  # recent acks per address
    acknowledged_tickets: Counter = field(default_factory=Counter)

    @classmethod
    def read(cls, emails: Iterable[ParsedEmail]) -> "InboundBatch":
        """One read per table for all the emails (the ids, never the bodies)."""
        emails = list(emails)
        ids = set()
        for parsed in emails:
            own, answers = _referenced_ids(parsed)
            ids.update(answers, [own] if own else [])
        senders = {s for parsed in emails if (s := _sender(parsed))}
        addresses = {parsed.from_address for parsed in emails if parsed.from_address}
        batch = cls()
        if ids:
            sent = OutboundEmail.objects.filter(rfc_message_id__in=ids).order_by("-pk")
            for row in sent.select_related("ticket").only("rfc_message_id", "ticket"):
                batch.sent[row.rfc_message_id] = row.ticket  # the first by pk wins
            received = Message.objects.filter(external_id__in=ids).order_by("-created_at", "-pk")
            for row in received.select_related("ticket").only("external_id", "ticket"):
                batch.received[row.external_id] = row.ticket
        if senders:
            identities = CustomerIdentity.objects.filter(kind=IdentityKind.EMAIL, value__in=senders)
            for identity in identities.select_related("customer"):
                batch.customers[identity.value] = identity.customer
        if addresses:
            batch.flagged = set(
                AddressFlag.objects.filter(address__in=addresses).values_list("address", flat=True)
            )
            since = timezone.now() - timedelta(minutes=settings.REALDESK_EMAIL_ACK_WINDOW_MINUTES)
            recent = OutboundEmail.objects.filter(
                kind=OutboundKind.ACKNOWLEDGEMENT, created_at__gte=since, to_address__in=addresses
            )
            batch.acknowledged = Counter(recent.values_list("to_address", flat=True))
        return batch

    def seen(self, parsed: ParsedEmail) -> SeenIds:
        own, answers = _referenced_ids(parsed)
        answered = next((self.sent[i] for i in answers if i in self.sent), None) or next(
            (self.received[i] for i in answers if i in self.received), None
        )
        return SeenIds(
            sent_by_us=own is not None and own in self.sent,
            received=own is not None and own in self.received,
            answered=answered,
        )

    def customer(self, parsed: ParsedEmail) -> Customer:
        """The sender's customer, created on first contact (and then known to the batch)."""
        address = _sender(parsed)
        known = self.customers.get(address) if address else None
        if known is not None:
            return known
        return customer_identify(
            kind=IdentityKind.EMAIL, value=parsed.from_address, name=parsed.from_name or ""
        )

    def acknowledgement_allowed(self, address: str, ticket: Ticket) -> bool:
        """Not to an address that bounced for good, nor over the caps: nobody can use
        RealDesk to mail-bomb a victim by writing in their name. Only a ticket's opening
        message is acknowledged, in the transaction that opens it, so a ticket has no
        acknowledgements from before its batch."""
        return (
            address not in self.flagged
            and self.acknowledged[address] < settings.REALDESK_EMAIL_ACK_PER_ADDRESS
            and self.acknowledged_tickets[ticket.pk] < settings.REALDESK_EMAIL_ACK_PER_TICKET
        )

    def learn(
        self,
        parsed: ParsedEmail,
        *,
        ticket: Ticket | None,
        customer: Customer | None,
        flagged: Iterable[str] = (),
        acknowledged: OutboundEmail | None = None,
    ) -> None:
        """What one email's committed work changed: the ticket its message went to, the
        customer it came from, the addresses its bounce flagged, the acknowledgement it
        queued."""
        if ticket is not None and parsed.message_id:
            self.received.setdefault(parsed.message_id, ticket)
        if customer is not None and (address := _sender(parsed)):
            self.customers.setdefault(address, customer)
        self.flagged.update(flagged)
        if acknowledged is not None:
            self.acknowledged[acknowledged.to_address] += 1
            self.acknowledged_tickets[acknowledged.ticket_id] += 1
