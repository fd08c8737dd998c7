"""The inbound email pipeline: every recorded email ends in exactly one outcome.

Ordered filters, each a small function that either decides the outcome or passes:
limits -> our own mail -> bounce -> automatic mail -> sender -> duplicate -> deliver.
Delivering opens a ticket or adds to one through the ticket actions, in the same
transaction that records the outcome.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer
from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.choices import StrangerPolicy
from realdesk.comms.email.acknowledge import acknowledgement_queue
from realdesk.comms.email.addressing import is_own_address, own_addresses
from realdesk.comms.email.batch import InboundBatch, SeenIds
from realdesk.comms.email.classify import classify_automatic, parse_bounce
from realdesk.comms.email.outbox import delivery_failed
from realdesk.comms.email.parse import ParsedEmail, parse_message
from realdesk.comms.email.reply import extract_reply
from realdesk.comms.email.threader import find_ticket
from realdesk.comms.models import AddressFlag, InboundEmail, OutboundEmail
from realdesk.comms.raw import raw_read
from realdesk.core.batch_cache import batch_scope
from realdesk.core.bulk import rows_update
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import message_receive, ticket_cc_add, ticket_open
from realdesk.tickets.attachments import attachment_store
from realdesk.tickets.choices import Channel
from realdesk.tickets.models import Message, Ticket

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    outcome: str
    reason: str = ""


@dataclass
class Incoming:
    """One email being decided: its record, what was parsed from it, the batch it came
    in (what the database holds, read once for all its emails), and what deciding it
    changed that the rest of the batch must know (see `InboundBatch.learn`)."""

    record: InboundEmail
    parsed: ParsedEmail
    batch: InboundBatch
    customer: Customer | None = None
    flagged: list[str] = field(default_factory=list)
    acknowledgement: OutboundEmail | None = None

    @cached_property
    def seen(self) -> SeenIds:
        return self.batch.seen(self.parsed)


Filter = Callable[[Incoming], Decision | None]


def check_limits(email: Incoming) -> Decision | None:
    inbound, parsed = email.record, email.parsed
    if inbound.raw.size > settings.REALDESK_EMAIL_MAX_BYTES:
        return Decision(
            Outcome.QUARANTINED, f"larger than {settings.REALDESK_EMAIL_MAX_BYTES} bytes"
        )
    if len(parsed.attachments) > settings.REALDESK_EMAIL_MAX_PARTS:
        return Decision(Outcome.QUARANTINED, f"more than {settings.REALDESK_EMAIL_MAX_PARTS} parts")
    if len(parsed.to) + len(parsed.cc) > settings.REALDESK_EMAIL_MAX_RECIPIENTS:
        return Decision(
            Outcome.QUARANTINED, f"more than {settings.REALDESK_EMAIL_MAX_RECIPIENTS} recipients"
        )
    if any("nesting" in defect for defect in parsed.defects):
        return Decision(Outcome.QUARANTINED, "MIME nested too deeply")
    return None


def check_own_mail(email: Incoming) -> Decision | None:
    parsed = email.parsed
    if parsed.from_address and is_own_address(parsed.from_address):
        return Decision(Outcome.SUPPRESSED, "from our own address (mail loop)")
    if email.seen.sent_by_us:
        return Decision(Outcome.SUPPRESSED, "our own notification came back")
    return None


def check_bounce(email: Incoming) -> Decision | None:
    parsed = email.parsed
    bounce = parse_bounce(parsed)
    if bounce is None:
        return None
    original = (
        OutboundEmail.objects.filter(rfc_message_id=bounce.original_message_id).first()
        if bounce.original_message_id
        else None
    )
    recipients = bounce.recipients or ((original.to_address,) if original else ())
    if bounce.permanent:
        email.flagged.extend(recipients)
        for address in recipients:
            AddressFlag.objects.update_or_create(
                address=address,
                defaults={
                    "reason": (bounce.diagnostic or "permanent delivery failure")[:255],
                    "status_code": bounce.status or "",
                    "flagged_at": timezone.now(),
                },
            )
    if original:
        delivery_failed(
            original,
            error=bounce.diagnostic or "",
            status=bounce.status,
            permanent=bounce.permanent,
        )
    state = "permanent" if bounce.permanent else "temporary"
    return Decision(Outcome.SUPPRESSED, f"bounce ({state}, {bounce.status or 'no code'})")


def check_automatic(email: Incoming) -> Decision | None:
    parsed = email.parsed
    reason = classify_automatic(parsed, own_addresses=own_addresses())
    return Decision(Outcome.SUPPRESSED, reason) if reason else None


def check_sender(email: Incoming) -> Decision | None:
    parsed = email.parsed
    if not parsed.from_address:
        return Decision(Outcome.REJECTED, "no single valid sender address")
    try:
        normalize_email(parsed.from_address)
    except ApplicationError as error:
        return Decision(Outcome.REJECTED, error.message)
    return None


def check_duplicate(email: Incoming) -> Decision | None:
    """The same email delivered twice (two mailboxes, a replay) is one message."""
    if email.seen.received:
        message_id = email.parsed.message_id
        return Decision(Outcome.DUPLICATE, f"Message-ID {message_id} already received")
    return None


FILTERS: list[Filter] = [
    check_limits,
    check_own_mail,
    check_bounce,
    check_automatic,
    check_sender,
    check_duplicate,
]


def _store_attachments(message: Message, parsed: ParsedEmail) -> None:
    for part in parsed.attachments:
        attachment_store(message=message, filename=part.filename, payload=part.payload)


def _body(text: str, parsed: ParsedEmail) -> str:
    """An email with no words (only files, or nothing) is still a request."""
    if text.strip():
        return text
    return "(no text: see the attachments)" if parsed.attachments else "(the email was empty)"


def copied_addresses(parsed: ParsedEmail) -> list[str]:
    """Whom the sender copied (To and Cc), without us, the sender, and addresses we could
    not trust to mean one mailbox; each once, in the order written."""
    sender = (parsed.from_address or "").lower()
    found: dict[str, None] = {}
    for address in (*parsed.to, *parsed.cc):
        if is_own_address(address):
            continue
        try:
            normalized = normalize_email(address)
        except ApplicationError:
            continue
        if normalized != sender:
            found[normalized] = None
    return list(found)


def _continue(ticket: Ticket, *, body_text: str, as_cc: bool, common: dict) -> Message | None:
    """Add to the ticket; None when the ticket does not accept this person after all
    (it was merged into another customer's, say): they get a ticket of their own."""
    try:
        return message_receive(ticket=ticket, body_text=body_text, as_cc=as_cc, **common)
    except ApplicationError as error:
        if error.code != "not_participant":
            raise
    return None


def _opened_by(message: Message) -> bool:
    """Whether the message opened its ticket (a follow-up of a closed one, which starts at
    the message's own instant) rather than joining one: the ticket written to, or the one
    it was merged into, which must not be acknowledged as new."""
    opened = message.ticket
    return opened.follow_up_of_id is not None and opened.created_at == message.created_at


def deliver(email: Incoming) -> Decision:
    """Open a ticket or continue one; the customer is found again by their address.

    Under the "cc" stranger policy a person the customer copied may reply into the
    ticket; anybody else who is not its customer gets a ticket of their own and
    never sees the other's history. Whom the customer copies, the ticket remembers.
    """
    inbound, parsed = email.record, email.parsed
    customer = email.customer = email.batch.customer(parsed)
    accept_ccs = settings.REALDESK_EMAIL_STRANGER_POLICY == StrangerPolicy.CC
    ticket = find_ticket(
        parsed, customer=customer, answered=email.seen.answered, accept_ccs=accept_ccs
    )
    common = {
        "customer": customer,
        "body_html": parsed.html,
        "channel": Channel.EMAIL,
        "external_id": parsed.message_id or "",
        "raw": inbound.raw,
        "at": inbound.received_at,
    }
    message = None
    if ticket is not None:
        visible = extract_reply(parsed.text) or parsed.text
        body_text = _body(visible, parsed)
        message = _continue(ticket, body_text=body_text, as_cc=accept_ccs, common=common)
    if message is None:
        opened = ticket_open(subject=parsed.subject, body_text=_body(parsed.text, parsed), **common)
        message, outcome = opened.messages.get(), Outcome.TICKET_CREATED
    else:
        outcome = Outcome.TICKET_CREATED if _opened_by(message) else Outcome.REPLY_THREADED
    _store_attachments(message, parsed)
    inbound.ticket, inbound.message = message.ticket, message
    if message.ticket.customer_id == customer.pk and (copied := copied_addresses(parsed)):
        ticket_cc_add(
            ticket=message.ticket, addresses=copied, actor_customer=customer, at=inbound.received_at
        )
    address = parsed.from_address
    if outcome == Outcome.TICKET_CREATED and email.batch.acknowledgement_allowed(
        address, message.ticket
    ):
        email.acknowledgement = acknowledgement_queue(request=message, to_address=address)
    return Decision(outcome)


def _decide(email: Incoming) -> Decision:
    for check in FILTERS:
        decision = check(email)
        if decision is not None:
            return decision
    return deliver(email)


#: What deciding an email sets on its record, written for the whole batch at its end.
RECORD_FIELDS = [
    *("rfc_message_id", "from_address", "subject"),
    *("outcome", "reason", "processed_at", "ticket", "message"),
]


def _record(inbound: InboundEmail, decision: Decision, parsed: ParsedEmail | None) -> None:
    if parsed is not None:
        inbound.rfc_message_id = (parsed.message_id or "")[:998]
        inbound.from_address = (parsed.from_address or "")[:320]
        inbound.subject = parsed.subject[:255]
    inbound.outcome = decision.outcome
    inbound.reason = decision.reason[:255]
    inbound.processed_at = timezone.now()


def _quarantine_failed(inbound: InboundEmail, error: Exception) -> InboundEmail:
    """A bug must never lose mail: the email waits in the quarantine with the error as
    reason (fix, then reprocess the quarantine), and the rest of its batch goes on."""
    logger.exception("processing inbound email %s failed", inbound.pk)
    inbound = InboundEmail.objects.get(pk=inbound.pk)  # without what the failed work set
    reason = f"processing failed: {type(error).__name__}: {error}"
    _record(inbound, Decision(Outcome.QUARANTINED, reason), None)
    return inbound


def _parsed_all(
    locked: list[InboundEmail], parsed: Mapping[int, ParsedEmail]
) -> list[tuple[InboundEmail, ParsedEmail | None]]:
    """Each pending email with what was parsed from it: ahead of time, or here. Parsing
    never raises on any bytes; reading them back can (a lost file): quarantined."""
    found = []
    for inbound in locked:
        try:
            found.append((inbound, parsed.get(inbound.pk) or parse_message(raw_read(inbound.raw))))
        except Exception as error:  # quarantined with the error as reason
            found.append((_quarantine_failed(inbound, error), None))
    return found


def _process_locked(email: Incoming) -> InboundEmail:
    """Decide one email in a savepoint of its own. A failure rolls back only this email's
    work: the batch learns nothing from it, and it is quarantined."""
    try:
        with transaction.atomic():
            _record(email.record, _decide(email), email.parsed)
    except Exception as error:  # a bug must never lose mail: quarantine it instead
        return _quarantine_failed(email.record, error)
    email.batch.learn(
        email.parsed,
        ticket=email.record.ticket if email.record.message_id else None,
        customer=email.customer,
        flagged=email.flagged,
        acknowledged=email.acknowledgement,
    )
    return email.record


def inbound_process_batch(
    *, inbound_ids: list[int], parsed: Mapping[int, ParsedEmail] | None = None
) -> list[tuple[InboundEmail, bool]]:
    """Process recorded emails in order, in one transaction; (record, processed now) for
    each id found. Safe to call again: a processed email is left alone.

    One commit for many emails, and configuration read once for them (see
    `batch_scope`), is what makes bulk imports fast; the savepoint per email keeps one bad
    email from failing the others. `parsed` holds what was already parsed from an email's
    recorded bytes (by inbound id), elsewhere and ahead of time.
    """
    with batch_scope(), transaction.atomic():
        locked = InboundEmail.objects.select_for_update().select_related("raw").in_bulk(inbound_ids)
        ordered = [locked[pk] for pk in inbound_ids if pk in locked]
        waiting = {i.pk: i for i in ordered if i.outcome == Outcome.PENDING}  # each once
        pending = _parsed_all(list(waiting.values()), parsed or {})
        batch = InboundBatch.read(p for _, p in pending if p is not None)
        processed = {
            inbound.pk: _process_locked(Incoming(inbound, found, batch)) if found else inbound
            for inbound, found in pending
        }
        # One write for the batch's outcomes, in its transaction: committed with the work
        # they describe, or rolled back with it.
        rows_update(list(processed.values()), RECORD_FIELDS)
        return [(processed.pop(i.pk), True) if i.pk in processed else (i, False) for i in ordered]


def inbound_process(*, inbound_id: int) -> InboundEmail:
    """Process one recorded email; see `inbound_process_batch`."""
    for inbound, _ in inbound_process_batch(inbound_ids=[inbound_id]):
        return inbound
    raise InboundEmail.DoesNotExist(f"no inbound email {inbound_id}")
