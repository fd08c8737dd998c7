"""The one door every email comes in by (IMAP, LMTP/SMTP, files): record first, then process.

Only what every email passes lives here; bulk imports (their batches, their parsing ahead
in a second process, the thread writing files ahead, their report) are `bulk.py`'s.
"""

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.comms.email.inbound.pipeline import inbound_process_batch
from realdesk.comms.models import InboundEmail
from realdesk.core.bulk import rows_insert
from realdesk.core.raw import raws_store
from realdesk.tickets.choices import Channel

#: Recording a batch again after a concurrent recorder won the race for some of its bytes.
RECORD_ATTEMPTS = 3


def email_record(*, data: bytes, source: str) -> tuple[InboundEmail, bool]:
    """Commit the raw bytes and a pending InboundEmail; (record, created). Nothing parsed yet.

    After this returns the email is safe: a crash later leaves it pending, and
    processing it again is harmless.
    """
    (recorded,) = emails_record(items=[(data, source)])
    return recorded


def emails_record(
    *, items: list[tuple[bytes, str]], written: bool = False
) -> list[tuple[InboundEmail, bool]]:
    """`email_record` for (bytes, source) pairs, all committed together, in a few queries;
    `written`: their files were just written by `raws_write`."""
    attempts_left = RECORD_ATTEMPTS
    while True:
        try:
            with transaction.atomic():
                return _record_all(items, written=written)
        except IntegrityError:  # recorded by another process meanwhile: found next time
            attempts_left -= 1
            if not attempts_left:
                raise


def _record_all(
    items: list[tuple[bytes, str]], *, written: bool
) -> list[tuple[InboundEmail, bool]]:
    raws = raws_store(datas=[data for data, _ in items], channel=Channel.EMAIL, written=written)
    inbound = {i.raw_id: i for i in InboundEmail.objects.filter(raw__in={r.pk for r in raws})}
    new = {}
    for raw, (_, source) in zip(raws, items, strict=True):
        if raw.pk not in inbound and raw.pk not in new:
            new[raw.pk] = InboundEmail(raw=raw, source=source[:64], received_at=raw.received_at)
    rows_insert(list(new.values()))
    inbound |= new
    # the same bytes twice in a batch: one record, created by the first of them
    return [(inbound[raw.pk], new.pop(raw.pk, None) is not None) for raw in raws]


def email_receive(*, data: bytes, source: str) -> tuple[InboundEmail, bool]:
    """Record and process; (record, processed now). A replay of a processed email is not."""
    (received,) = emails_receive(items=[(data, source)])
    return received


def emails_receive(*, items: list[tuple[bytes, str]]) -> list[tuple[InboundEmail, bool]]:
    """`email_receive` for (bytes, source) pairs: one transaction records them all, the
    next processes them (see `inbound_process_batch`); a pair for each item, in order."""
    return process_recorded([inbound for inbound, _ in emails_record(items=items)])


def process_recorded(
    recorded: list[InboundEmail], parsed: Mapping[int, ParsedEmail] | None = None
) -> list[tuple[InboundEmail, bool]]:
    pending = list(dict.fromkeys(i.pk for i in recorded if i.outcome == Outcome.PENDING))
    processed = {
        i.pk: (i, now) for i, now in inbound_process_batch(inbound_ids=pending, parsed=parsed)
    }
    # the same bytes twice in a batch are processed once; a replay not at all
    return [processed.pop(inbound.pk, (inbound, False)) for inbound in recorded]


def quarantine_count() -> int:
    return InboundEmail.objects.filter(outcome=Outcome.QUARANTINED).count()
