"""What a batch of inbound email needs to know from the database, read once for the batch.

Why: every email asked the same tables the same small questions (is its Message-ID ours,
or already received? which ticket does it answer? who is its sender?), about a third of a
bulk import's statements. The batch asks once for all its emails, then learns from each
email as the pipeline decides it, before anything is written, so that the next email of
the same batch (a reply to the one before it, or the same email twice) is seen exactly as
if the first had been committed. A single email from the SMTP/LMTP listener is a batch of
one: the same code. (Whether an address may get an acknowledgement is asked once per
change by the acknowledgement itself: `comms.outbound.acknowledgements_allowed`.)

When a batch's writes fail, the pipeline goes back to a copy of what the batch knew
before it (`copy`) and decides its emails one at a time: emails whose work was rolled
back teach it nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F

from realdesk.accounts.actions import customers_identify
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.comms.email.inbound.threader import RecentTickets, recent_email_tickets, recent_key
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Message, Ticket


@dataclass(frozen=True)
class SeenIds:
    """What the batch knows of one email's own Message-ID, for the loop check and the
    duplicate check."""

    sent_by_us: bool = False  # one of ours: our mail came back
    received: bool = False  # it arrived before from the same sender: a duplicate


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


#: A received message whose sender is not known (it came by another way than email):
#: taken as from anybody, as every message was before senders were told apart.
UNKNOWN_SENDER = ""


@dataclass
class InboundBatch:
    """What a batch of emails knows. A Message-ID is a sender's claim, not a key: anybody can
    write someone else's, so one received is only that sender's (a Message-ID seen from
    another sender is a new email, delivered as its sender's own), and an email answering
    it may continue any of their tickets it is allowed into (see `threader.find_ticket`)."""

    # Message-ID -> the ticket of the first of our sent emails with it (None for mail about
    # no ticket, a sign-in link say: it is ours, but an answer to it threads nowhere)
    sent: dict[str, Ticket | None] = field(default_factory=dict)
    # Message-ID -> sender's address -> the ticket of the first received message with it
    received: dict[str, dict[str, Ticket]] = field(default_factory=dict)
    # (Message-ID, sender's address) of this batch's deliveries
    arrived: set[tuple[str, str]] = field(default_factory=set)
    customers: dict[str, Customer] = field(default_factory=dict)  # normalized address
    # per customer id: their open email tickets written to lately (same-subject threading),
    # read when first needed (a reply to our mail never needs them) and kept current
    recent: dict[int, RecentTickets] = field(default_factory=dict)
    recent_read: bool = False

    def copy(self) -> "InboundBatch":
        """What the batch knows now, kept apart from what it learns next."""
        return InboundBatch(
            sent=self.sent,  # never learned: our mail of this batch is not sent yet
            received={own: dict(tickets) for own, tickets in self.received.items()},
            arrived=set(self.arrived),
            customers=dict(self.customers),
            recent={pk: dict(tickets) for pk, tickets in self.recent.items()},
            recent_read=self.recent_read,
        )

    @classmethod
    def read(cls, emails: Iterable[ParsedEmail]) -> "InboundBatch":
        """One read per table for all the emails (the ids, never the bodies)."""
        emails = list(emails)
        ids = set()
        for parsed in emails:
            own, answers = _referenced_ids(parsed)
            ids.update(answers, [own] if own else [])
        batch = cls()
        if ids:
            sent = OutboundEmail.objects.filter(rfc_message_id__in=ids).order_by("-pk")
            for row in sent.select_related("ticket").only("rfc_message_id", "ticket"):
                batch.sent[row.rfc_message_id] = row.ticket  # the first by pk wins
            received = (
                Message.objects.filter(external_id__in=ids)
                .order_by("created_at", "pk")
                .annotate(sender=F("raw__inbound__from_address"))
            )
            for row in received.select_related("ticket").only("external_id", "ticket"):
                by_sender = batch.received.setdefault(row.external_id, {})
                by_sender.setdefault(row.sender or UNKNOWN_SENDER, row.ticket)  # the first wins
        return batch

    def seen(self, parsed: ParsedEmail) -> SeenIds:
        own, sender = parsed.message_id, parsed.from_address or UNKNOWN_SENDER
        senders = self.received.get(own, {}) if own is not None else {}
        return SeenIds(
            sent_by_us=own is not None and own in self.sent,
            received=own is not None
            and (sender in senders or UNKNOWN_SENDER in senders or (own, sender) in self.arrived),
        )

    def shares_message_id(self, parsed: ParsedEmail) -> bool:
        """Another sender's email with this email's Message-ID was delivered before it
        (asked while planning deliveries, in order): noted on its record."""
        senders = self.received.get(parsed.message_id, {}) if parsed.message_id else {}
        return bool(senders.keys() - {parsed.from_address or UNKNOWN_SENDER})

    def answered(self, parsed: ParsedEmail) -> list[Ticket]:
        """The tickets of the messages the email answers (In-Reply-To, References), ours
        first; maybe tickets earlier emails of the batch open. More than one when senders
        wrote the same Message-ID: threading picks the one the sender may write into."""
        _, answers = _referenced_ids(parsed)
        ours = [self.sent[i] for i in answers if self.sent.get(i) is not None]
        theirs = [t for i in answers for t in self.received.get(i, {}).values()]
        return list({id(ticket): ticket for ticket in (*ours, *theirs)}.values())

    def learn_arrival(self, parsed: ParsedEmail) -> None:
        """The email passed the filters: it will be delivered, so its Message-ID is taken,
        for its sender."""
        if parsed.message_id:
            self.arrived.add((parsed.message_id, parsed.from_address or UNKNOWN_SENDER))

    def identify_senders(self, emails: Iterable[ParsedEmail]) -> None:
        """The customers of the senders of the emails to deliver, in one read, those met for
        the first time created together (never for mail that is not delivered)."""
        unknown = [
            (e.from_address, e.from_name or "")
            for e in emails
            if (address := _sender(e)) and address not in self.customers
        ]
        if unknown:
            self.customers |= customers_identify(kind=IdentityKind.EMAIL, people=unknown)

    def customer(self, parsed: ParsedEmail) -> Customer:
        """The sender's customer: identified with the others of the batch before any
        delivery is planned (`identify_senders`)."""
        return self.customers[_sender(parsed)]

    def recent_tickets(self, customer: Customer) -> RecentTickets:
        if not self.recent_read:
            stored = recent_email_tickets([c.pk for c in self.customers.values()])
            for pk, learned in self.recent.items():  # newer than what is stored
                stored.setdefault(pk, {}).update(learned)
            self.recent, self.recent_read = stored, True
        return self.recent.get(customer.pk, {})

    def learn_delivery(
        self, parsed: ParsedEmail, *, ticket: Ticket, customer: Customer, at: datetime
    ) -> None:
        """The email will be a message of `ticket` (maybe a draft the batch opens)."""
        if parsed.message_id:
            by_sender = self.received.setdefault(parsed.message_id, {})
            by_sender.setdefault(parsed.from_address or UNKNOWN_SENDER, ticket)
        if address := _sender(parsed):
            self.customers.setdefault(address, customer)
        if ticket.customer_id == customer.pk and ticket.channel == Channel.EMAIL:
            self.recent.setdefault(customer.pk, {})[recent_key(ticket)] = (at, ticket)
