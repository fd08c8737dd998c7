"""The inbound email pipeline: every recorded email ends in exactly one outcome.

Ordered filters (filters.py), each a pure function that either decides the outcome, with
the effects to apply, or passes: limits -> our own mail -> bounce -> automatic mail ->
sender -> duplicate -> deliver. This module is their one writer: it applies the effects
and records the outcome. Delivering opens a ticket or adds to one through the ticket
actions (see plan.py), in the same transaction that records the outcome.

A batch of emails is decided in order and its deliveries written together, in one
savepoint; if anything in it fails, the savepoint is rolled back and its emails are
decided again one at a time, each in its own, so that a bad email is quarantined with
its error and no other email is harmed.
"""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound import filters
from realdesk.comms.email.inbound.batch import InboundBatch
from realdesk.comms.email.inbound.incoming import (
    Decision,
    Effect,
    FailOriginal,
    FlagAddress,
    Incoming,
)
from realdesk.comms.email.inbound.parse.header_policy import HeaderLimits
from realdesk.comms.email.inbound.parse.message import ParsedEmail, parse_message
from realdesk.comms.email.inbound.plan import Delivery, deliveries_write, delivery_plan
from realdesk.comms.email.outbound.outbox import delivery_failed
from realdesk.comms.models import AddressFlag, InboundEmail
from realdesk.core.batch_cache import batch_scope
from realdesk.core.bulk import rows_update
from realdesk.core.raw import raw_read

logger = logging.getLogger(__name__)


def header_limits() -> HeaderLimits:
    """The header limits the parser applies, as configured."""
    return HeaderLimits(
        header_bytes=settings.REALDESK_EMAIL_MAX_HEADER_BYTES,
        header_chars=settings.REALDESK_EMAIL_MAX_HEADER_CHARS,
        encoded_words=settings.REALDESK_EMAIL_MAX_ENCODED_WORDS,
        addresses=settings.REALDESK_EMAIL_MAX_HEADER_ADDRESSES,
        nesting=settings.REALDESK_EMAIL_MAX_HEADER_NESTING,
    )


def _decide_together(emails: list[Incoming]) -> None:
    """Decide the emails in one savepoint: the filters first, in order; then the senders of
    the emails to deliver are identified together; then each delivery is planned, in order,
    and all are written together, except after an email that copied people: the ticket
    must know them before the next email, which may be theirs."""
    deliverable: list[Incoming] = []
    with transaction.atomic():
        for email in emails:
            decision = filters.inbound_decide(email)
            if decision is None:
                email.batch.learn_arrival(email.parsed)
                deliverable.append(email)
            else:
                _apply(decision.effects)
                _record(email.record, decision, email.parsed)
        if not deliverable:
            return
        deliverable[0].batch.identify_senders(email.parsed for email in deliverable)
        planned: list[Delivery] = []
        for email in deliverable:
            delivery = delivery_plan(email)
            planned.append(delivery)
            _record(email.record, delivery.decision, email.parsed)
            if delivery.copied:
                deliveries_write(planned)
                planned = []
        deliveries_write(planned)


def _apply(effects: tuple[Effect, ...]) -> None:
    """Write what a filter's decision asks for, at once: the next email of the batch (its
    acknowledgement, say) sees it as committed."""
    for effect in effects:
        match effect:
            case FlagAddress(address=address, reason=reason, status_code=status_code):
                AddressFlag.objects.update_or_create(
                    address=address,
                    defaults={
                        "reason": reason,
                        "status_code": status_code,
                        "flagged_at": timezone.now(),
                    },
                )
            case FailOriginal(original=original, error=error, status=status, permanent=perm):
                delivery_failed(original, error=error, status=status, permanent=perm)


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
    found, limits = [], header_limits()
    for inbound in locked:
        try:
            email = parsed.get(inbound.pk) or parse_message(raw_read(inbound.raw), limits=limits)
            found.append((inbound, email))
        except Exception as error:  # quarantined with the error as reason
            found.append((_quarantine_failed(inbound, error), None))
    return found


def _decide_alone(emails: list[Incoming], batch: InboundBatch) -> list[InboundEmail]:
    """Each email in a savepoint of its own: a failure rolls back that email's work alone,
    the batch forgets what it learned from it, and it is quarantined."""
    records = []
    for email in emails:
        before = batch.copy()
        inbound = email.record
        inbound.ticket = inbound.message = None  # nothing of a rolled-back attempt
        try:
            _decide_together([Incoming(inbound, email.parsed, batch)])
        except Exception as error:  # a bug must never lose mail: quarantine it instead
            inbound, batch = _quarantine_failed(inbound, error), before
        records.append(inbound)
    return records


def _decide_all(emails: list[Incoming], batch: InboundBatch) -> list[InboundEmail]:
    if len(emails) > 1:
        before = batch.copy()
        try:
            _decide_together(emails)
            return [email.record for email in emails]
        except Exception:
            logger.warning("a batch of %d emails failed; deciding them one at a time", len(emails))
            batch = before
            emails = [Incoming(email.record, email.parsed, batch) for email in emails]
    return _decide_alone(emails, batch)


def inbound_process_batch(
    *, inbound_ids: list[int], parsed: Mapping[int, ParsedEmail] | None = None
) -> list[tuple[InboundEmail, bool]]:
    """Process recorded emails in order, in one transaction; (record, processed now) for
    each id found. Safe to call again: a processed email is left alone.

    One commit for many emails, what they need read once for all of them (`InboundBatch`,
    `batch_scope`) and their messages written together are what make bulk imports fast;
    a batch that fails is decided again one email at a time, so one bad email never fails
    the others. `parsed` holds what was already parsed from an email's recorded bytes (by
    inbound id), elsewhere and ahead of time.
    """
    with batch_scope(), transaction.atomic():
        locked = InboundEmail.objects.select_for_update().select_related("raw").in_bulk(inbound_ids)
        ordered = [locked[pk] for pk in inbound_ids if pk in locked]
        waiting = {i.pk: i for i in ordered if i.outcome == Outcome.PENDING}  # each once
        pending = _parsed_all(list(waiting.values()), parsed or {})
        batch = InboundBatch.read(p for _, p in pending if p is not None)
        emails = [Incoming(inbound, found, batch) for inbound, found in pending if found]
        processed = {inbound.pk: inbound for inbound, _ in pending}  # quarantined unparsed
        processed |= {inbound.pk: inbound for inbound in _decide_all(emails, batch)}
        # One write for the batch's outcomes, in its transaction: committed with the work
        # they describe, or rolled back with it.
        rows_update(list(processed.values()), RECORD_FIELDS)
        return [(processed.pop(i.pk), True) if i.pk in processed else (i, False) for i in ordered]


def inbound_process(*, inbound_id: int) -> InboundEmail:
    """Process one recorded email; see `inbound_process_batch`."""
    for inbound, _ in inbound_process_batch(inbound_ids=[inbound_id]):
        return inbound
    raise InboundEmail.DoesNotExist(f"no inbound email {inbound_id}")
