"""The bulk importer: any number of recorded emails or files, a batch per transaction.

What only a bulk import needs lives here, not in the door every email passes
(`record.py`): batches read lazily, the thread that writes the next batch's files while
this one is recorded, the second process that parses the next batch while this one is
stored (`ParseAhead`), and the report `realdesk ingest --json` prints (`IngestReport`).
"""

import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TypeVar

from django.utils import timezone

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.inbound.drivers.files import readable_messages
from realdesk.comms.email.inbound.parse.message import ParsedEmail, parse_message
from realdesk.comms.email.inbound.pipeline import header_limits
from realdesk.comms.email.inbound.record import emails_record, process_recorded
from realdesk.comms.models import InboundEmail, OutboundEmail
from realdesk.core.raw import raw_read, raws_write

T = TypeVar("T")
logger = logging.getLogger(__name__)


#: Emails recorded, then processed, per transaction in bulk imports: one commit per batch
#: instead of two per email, while the locks a batch holds (the ticket counter, say) are
#: still released within a fraction of a second.
BATCH_SIZE = 100


def in_batches(items: Iterable[T]) -> Iterator[list[T]]:
    """Lists of up to BATCH_SIZE items, read lazily: an import of any size holds one batch."""
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def inbound_process_many(inbound_ids: Iterable[int]) -> list[tuple[InboundEmail, bool]]:
    """`inbound_process_batch` for any number of recorded emails (the quarantine's, the
    pending pass's), a transaction per batch; see `inbound_process_recorded`."""
    return inbound_process_recorded(_stored_batches(inbound_ids))


def inbound_process_recorded(
    batches: Iterable[tuple[list[InboundEmail], list[bytes] | None]],
) -> list[tuple[InboundEmail, bool]]:
    """`inbound_process_batch` for each batch of (records, their bytes) as it is taken: from
    the second batch on, each is parsed in a second process while this one takes the next
    (an IMAP poll fetches and records it) and processes the batch before (`ParseAhead`)."""
    with ParseAhead() as parse_ahead:
        labelled = ((None, recorded, datas) for recorded, datas in batches)
        return [
            pair
            for _, recorded, parsed in _parsed_ahead(labelled, parse_ahead)
            for pair in process_recorded(recorded, parsed)
        ]


def _stored_batches(
    inbound_ids: Iterable[int],
) -> Iterator[tuple[list[InboundEmail], list[bytes] | None]]:
    """The recorded emails of the ids, a batch at a time, with their bytes to parse ahead
    (None when a file cannot be read: then they are parsed, or quarantined, in turn)."""
    for batch in in_batches(inbound_ids):
        found = InboundEmail.objects.select_related("raw").in_bulk(batch)
        recorded = [found[pk] for pk in batch if pk in found]
        try:
            datas = [raw_read(inbound.raw) for inbound in recorded]
        except OSError:
            datas = None
        yield recorded, datas


def _parsed_ahead(
    batches: Iterable[tuple[T, list[InboundEmail], list[bytes] | None]], parse_ahead: "ParseAhead"
) -> Iterator[tuple[T, list[InboundEmail], dict[int, ParsedEmail]]]:
    """Each (label, records, bytes) batch with what was parsed of it ahead: the batch after
    it is taken (recorded, when `batches` records them) and its parsing started before a
    batch is handed over to be processed, so the two overlap."""
    previous = None
    for label, recorded, datas in batches:
        parsing = parse_ahead.start(datas) if previous and datas is not None else None
        if previous:
            yield previous[0], previous[1], parse_ahead.results(previous[1], previous[2])
        previous = (label, recorded, parsing)
    if previous:
        yield previous[0], previous[1], parse_ahead.results(previous[1], previous[2])


def inbound_reprocess_quarantine() -> list[InboundEmail]:
    """Run the quarantine through the pipeline again, after a fix or a raised limit."""
    ids = list(
        InboundEmail.objects.filter(outcome=Outcome.QUARANTINED).values_list("pk", flat=True)
    )
    InboundEmail.objects.filter(pk__in=ids).update(outcome=Outcome.PENDING, reason="")
    return [inbound for inbound, _ in inbound_process_many(ids)]


def inbound_process_pending(*, older_than_seconds: int = 30) -> int:
    """Process emails recorded but never processed (a crash between the two steps)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = InboundEmail.objects.filter(outcome=Outcome.PENDING, received_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    return sum(now for _, now in inbound_process_many(list(ids[:500])))


OUTCOME_COUNTERS = {
    Outcome.TICKET_CREATED: "tickets_created",
    Outcome.REPLY_THREADED: "replies_threaded",
    Outcome.DUPLICATE: "duplicates",
    Outcome.SUPPRESSED: "suppressed",
    Outcome.QUARANTINED: "quarantined",
    Outcome.REJECTED: "rejected",
}


@dataclass
class IngestReport:
    """What `realdesk ingest --json` prints."""

    counts: Counter = field(default_factory=Counter)
    problems: list[dict[str, str]] = field(default_factory=list)

    def add(self, received: list[tuple[str, InboundEmail, bool]]) -> None:
        """(label, record, processed now) for each email of a batch."""
        created = []
        for label, inbound, processed_now in received:
            self.counts["received"] += 1
            if not processed_now:
                self.counts["duplicates"] += 1
                continue
            self.counts[OUTCOME_COUNTERS[inbound.outcome]] += 1
            if inbound.outcome in {Outcome.QUARANTINED, Outcome.REJECTED}:
                self.problems.append(
                    {"file": label, "outcome": inbound.outcome, "reason": inbound.reason}
                )
            if inbound.outcome == Outcome.TICKET_CREATED and inbound.ticket_id:
                created.append(inbound.ticket_id)
        if created:
            self.counts["acknowledgements_queued"] += OutboundEmail.objects.filter(
                ticket_id__in=created, kind=OutboundKind.ACKNOWLEDGEMENT
            ).count()

    def unreadable(self, label: str, error: Exception) -> None:
        self.counts["received"] += 1
        self.counts["rejected"] += 1
        self.problems.append({"file": label, "outcome": "rejected", "reason": str(error)})

    def skipped(self, label: str, reason: str) -> None:
        """A file that is no email (a folder's index, a picture): named, never imported."""
        self.counts["skipped"] += 1
        self.problems.append({"file": label, "outcome": "skipped", "reason": reason})

    def as_dict(self) -> dict:
        keys = ["received", *OUTCOME_COUNTERS.values(), "acknowledgements_queued", "skipped"]
        return {
            **{k: self.counts.get(k, 0) for k in dict.fromkeys(keys)},
            "problems": self.problems,
        }


class ParseAhead:
    """Parses a batch in a second process while this one stores the batch before it.

    Parsing is pure (no database) and a good part of an email's cost, so on a machine
    with a core to spare a bulk import runs it alongside the database work. The process
    starts with the second batch, so a small import never pays for it. It is forked
    (spawning would run the calling script's top level again) and touches nothing it
    inherits but the parser. Whatever goes wrong there, the emails are parsed here
    instead, from the bytes already recorded.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        spare_core = (os.cpu_count() or 1) > 1
        self._usable = spare_core and "fork" in multiprocessing.get_all_start_methods()

    def __enter__(self) -> "ParseAhead":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def start(self, datas: list[bytes]) -> Iterator[ParsedEmail] | None:
        if not self._usable:
            return None
        try:
            if self._pool is None:
                context = multiprocessing.get_context("fork")
                self._pool = ProcessPoolExecutor(1, mp_context=context)
            parse = partial(parse_message, limits=header_limits())
            return self._pool.map(parse, datas, chunksize=len(datas))
        except Exception:
            logger.exception("cannot parse ahead; parsing in this process")
            self._usable = False
            return None

    def results(
        self, recorded: list[InboundEmail], parsing: Iterator[ParsedEmail] | None
    ) -> dict[int, ParsedEmail]:
        if parsing is None:
            return {}
        try:
            return {inbound.pk: parsed for inbound, parsed in zip(recorded, parsing, strict=True)}
        except Exception:
            logger.exception("parsing ahead failed; parsing in this process")
            self._usable = False
            return {}


def _written_ahead(batches: Iterator[list[tuple[str, bytes]]]) -> Iterator[list[tuple[str, bytes]]]:
    """Each batch once its bytes are on disk (see `raws_write`), the next batch's being
    written by a thread meanwhile; an error writing them is raised here, as it would be
    by recording them."""
    with ThreadPoolExecutor(1, thread_name_prefix="raw-writer") as writer:
        ahead = None
        for batch in batches:
            writing = writer.submit(raws_write, [data for _, data in batch])
            if ahead is not None:
                ahead[1].result()
                yield ahead[0]
            ahead = (batch, writing)
        if ahead is not None:
            ahead[1].result()
            yield ahead[0]


def ingest_paths(paths: list[Path]) -> IngestReport:
    """Import files, mbox files and Maildir folders in batches: each batch's files are
    written ahead by a thread, then it is recorded (committed), then parsed in a second
    process while this one processes the previous batch (see `ParseAhead`), then
    processed in order."""
    report = IngestReport()

    def recorded_batches():
        for batch in _written_ahead(in_batches(readable_messages(paths, report))):
            items = [(data, f"file:{label}") for label, data in batch]
            recorded = [inbound for inbound, _ in emails_record(items=items, written=True)]
            yield batch, recorded, [data for _, data in batch]

    with ParseAhead() as parse_ahead:
        for batch, recorded, parsed in _parsed_ahead(recorded_batches(), parse_ahead):
            received = process_recorded(recorded, parsed)
            report.add([(label, *pair) for (label, _), pair in zip(batch, received, strict=True)])
    return report
