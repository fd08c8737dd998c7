"""The outbound service: every word a customer or an agent receives by mail passes here.

Acknowledgements, agents' replies, handoff and promise notices, surveys, sign-in and
unlock links, address confirmations and notifications to agents are written by the
domain that knows what to say (surveys, portal_access, sla, ...). This module decides what
they have in common, once: the language a customer reads, how our mail opens, the link
that follows a request, which address is the customer's; and it queues every email in
the durable outbox (comms/email/outbound/outbox.py) inside the caller's transaction.

Nothing here talks to the network. The worker sends what is queued, retries a refused or
failed send with backoff until the relay takes it (or fails it visibly after the last
attempt), and leaves out an address that bounced for good (`AddressFlag`), recording the
reason: on the ticket for a customer's mail, on the outbox row for mail about no ticket.
Acknowledgements are capped per address and per ticket, and never go to an address that
bounced for good (`acknowledgements_allowed`: one read for all the new tickets of a change,
an import's batch or a web request).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from realdesk.accounts.models import Customer, User
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.outbound.outbox import (
    outbound_new,
    outbox_queue,
    outbox_queue_all,
    unflagged,
)
from realdesk.comms.models import AddressFlag, InboundEmail, OutboundEmail
from realdesk.core.notices import notice_render
from realdesk.tickets.models import Message, Ticket
from realdesk.tickets.selectors import ticket_cc_addresses


def first_name(customer: Customer) -> str:
    """What our mail greets a customer by: their first name, "" when we do not know it."""
    return customer.name.split()[0] if customer.name.strip() else ""


def hello(customer: Customer) -> str:
    """How our mail to a customer opens: their first name when we know it."""
    if name := first_name(customer):
        return _("Hello %(name)s,") % {"name": name} + "\n\n"
    return _("Hello there,") + "\n\n"


def ticket_mail_text(name: str, *, ticket: Ticket, language: str, **values: Any) -> str:
    """The body of a mail about a ticket from its per-language template (`name` as in
    `core.notices.notice_render`): what every such text may greet and name (the customer's
    first name, the ticket's number and subject, who handles it: the owner's first name,
    else the team's name) plus the caller's `values`."""
    context = {
        "name": first_name(ticket.customer),
        "number": ticket.number,
        "subject": ticket.subject,
        "owner": ticket.owner.first_name if ticket.owner_id else "",
        "team": ticket.team.name if ticket.team_id else "",
        **values,
    }
    return notice_render(name, language=language, context=lambda _: context) + "\n"


def follow_url(ticket: Ticket) -> str:
    """Where the customer follows their request in the support center."""
    return f"{settings.BASE_URL}{reverse('portal:request', args=[ticket.number])}"


def customer_email_address(ticket: Ticket) -> str | None:
    """Where the customer last wrote from on this ticket, else their first verified email
    address, else (a customer who only ever called) the first one staff added. Only the
    customer's own emails count: a copied person replying does not take the conversation
    over, and an address someone added does not take it from one the customer proved."""
    last = (
        InboundEmail.objects.filter(ticket=ticket, message__author_customer=ticket.customer_id)
        .exclude(from_address="")
        .order_by("-received_at")
        .values_list("from_address", flat=True)
        .first()
    )
    if last:
        return last
    identity = (
        ticket.customer.identities.filter(kind="email")
        .order_by(F("verified_at").asc(nulls_last=True), "created_at")
        .first()
    )
    return identity.value if identity else None


def copied_email_addresses(ticket: Ticket, *, besides: str) -> list[str]:
    """Who gets a copy of an agent's reply: the people the customer copied, except the
    addressee and addresses that bounced for good."""
    return unflagged([a for a in ticket_cc_addresses(ticket=ticket) if a != besides])


def acknowledgements_recent(addresses: Iterable[str]) -> Counter:
    """How many acknowledgements each address got within the cap's window, in one query:
    nobody can use RealDesk to mail-bomb a victim by writing in their name."""
    since = timezone.now() - timedelta(minutes=settings.REALDESK_EMAIL_ACK_WINDOW_MINUTES)
    recent = OutboundEmail.objects.filter(
        kind=OutboundKind.ACKNOWLEDGEMENT, created_at__gte=since, to_address__in=list(addresses)
    )
    return Counter(recent.values_list("to_address", flat=True))


def acknowledgements_allowed(asked: Sequence[tuple[Ticket, str]]) -> list[bool]:
    """Whether each (new ticket, address) may be acknowledged, in order: not to an address
    that bounced for good, nor over the caps, counting those allowed before it in the list.
    Nobody can use RealDesk to mail-bomb a victim by writing in their name."""
    addresses = {address for _, address in asked}
    flagged = set(
        AddressFlag.objects.filter(address__in=addresses).values_list("address", flat=True)
    )
    per_address, per_ticket = acknowledgements_recent(addresses), Counter()
    allowed = []
    for ticket, address in asked:
        allowed.append(
            address not in flagged
            and per_address[address] < settings.REALDESK_EMAIL_ACK_PER_ADDRESS
            and per_ticket[ticket.pk] < settings.REALDESK_EMAIL_ACK_PER_TICKET
        )
        if allowed[-1]:
            per_address[address] += 1
            per_ticket[ticket.pk] += 1
    return allowed


def customer_mail_new(
    *,
    kind: str,
    ticket: Ticket,
    to_address: str,
    subject: str,
    body_text: str,
    answering: Message | None = None,
) -> OutboundEmail:
    """One email to a ticket's customer, for a caller that queues many at once
    (`mails_queue`): a bulk import's acknowledgements."""
    return outbound_new(
        kind=kind,
        ticket=ticket,
        to_address=to_address,
        subject=subject,
        body_text=body_text,
        answering=answering,
    )


def mails_queue(emails: list[OutboundEmail]) -> list[OutboundEmail]:
    """Queue emails made by `customer_mail_new` in one insert; one task sends them."""
    return outbox_queue_all(emails)


def customer_mail(
    *,
    kind: str,
    ticket: Ticket,
    subject: str,
    body_text: str,
    to_address: str | None = None,
    body_html: str = "",
    message: Message | None = None,
    cc_addresses: Sequence[str] = (),
) -> OutboundEmail | None:
    """Queue an email about a ticket to its customer (at `to_address` when the caller
    knows it better, a web request's own address); None when they have no email address."""
    address = to_address or customer_email_address(ticket)
    if address is None:
        return None
    return outbox_queue(
        kind=kind,
        ticket=ticket,
        to_address=address,
        cc_addresses=cc_addresses,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        message=message,
    )


def reply_mail(message: Message, *, to_address: str, footer: str = "") -> OutboundEmail | None:
    """An agent's reply by email, with copies to whom the customer copied; the channel
    adapters (comms/channels) choose the address and add the `footer` (the ticket's link)
    when the customer wrote from somewhere email does not answer."""
    ticket = message.ticket
    body_html = message.body_html
    if footer and body_html:
        body_html += format_html("<p>{}</p>", footer)
    return customer_mail(
        kind=OutboundKind.REPLY,
        ticket=ticket,
        to_address=to_address,
        cc_addresses=copied_email_addresses(ticket, besides=to_address),
        subject=f"Re: [#{ticket.number}] {ticket.subject}",
        body_text=f"{message.body_text}\n\n{footer}" if footer else message.body_text,
        body_html=body_html,
        message=message,
    )


def customer_notice(*, ticket: Ticket, text: str, message: Message | None = None) -> None:
    """An update the customer must get even though no agent wrote it (a transfer, a
    promise), by email when we have their address; each message is mailed once."""
    if message and message.outbound_emails.exists():
        return
    customer_mail(
        kind=OutboundKind.NOTIFICATION,
        ticket=ticket,
        subject=f"[#{ticket.number}] {ticket.subject}",
        body_text=text,
        message=message,
    )


def _unthreaded_queue(
    *, kind: str, to_addresses: Sequence[str], subject: str, body_text: str, body_html: str = ""
) -> list[OutboundEmail]:
    """Mail about no ticket: no thread, no ticket reply address, its fate on its own row."""
    return outbox_queue_all(
        [
            outbound_new(
                kind=kind,
                ticket=None,
                to_address=address,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
            )
            for address in to_addresses
        ]
    )


def address_mail(*, kind: str, to_address: str, subject: str, body_text: str) -> OutboundEmail:
    """Queue an email about no ticket to one address (a sign-in or unlock link, an address
    confirmation)."""
    (queued,) = _unthreaded_queue(
        kind=kind, to_addresses=[to_address], subject=subject, body_text=body_text
    )
    return queued


@dataclass(frozen=True)
class AgentNotice:
    """A mail to agents as one language writes it."""

    subject: str
    body: str
    html: str = ""


def notify_agents(
    *,
    agents: Iterable[User],
    notice: Callable[[], AgentNotice],
    ticket_number: int | None = None,
) -> list[str]:
    """Mail the active agents, one email each, in the caller's transaction (a rolled-back
    change notifies nobody); returns the addresses. Callers guard against repeats (a
    unique row or a conditional update). `notice` writes the mail: it is called once per
    language among the agents, with that language active, so each agent reads it in the
    language they chose for the console (a task has no browser to ask). About a ticket,
    the mail ends with its link: whoever is told to act gets there in one click. It is
    not mail of the ticket's conversation (no thread, no ticket reply address), so an
    agent answering it writes to no customer. The notice's `html`, when given, goes beside
    the text as its HTML alternative."""
    by_language: dict[str, set[str]] = defaultdict(set)
    for agent in agents:
        if agent.is_active:
            by_language[agent.language or settings.LANGUAGE_CODE].add(agent.email)
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            written = notice()
            body = written.body
            if ticket_number is not None:
                path = reverse("console:ticket", args=[ticket_number])
                link = _("Open the ticket: %(link)s") % {"link": f"{settings.BASE_URL}{path}"}
                body = f"{body}\n\n{link}"
        _unthreaded_queue(
            kind=OutboundKind.AGENT_NOTICE,
            to_addresses=sorted(addresses),
            subject=written.subject,
            body_text=body,
            body_html=written.html,
        )
    return sorted(set().union(*by_language.values()))
