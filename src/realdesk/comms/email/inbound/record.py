"""The one door every email comes in by (IMAP, LMTP/SMTP, files): record first, then process."""

import logging
import mailbox
import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.choices import OutboundKind
from realdesk.comms.email.inbound.parse.message import ParsedEmail, parse_message
from realdesk.comms.email.inbound.pipeline import header_limits, inbound_process_batch
from realdesk.comms.models import InboundEmail, OutboundEmail
from realdesk.comms.raw import raw_read, raws_store, raws_write
from realdesk.tickets.choices import Channel

T = TypeVar("T")
logger = logging.getLogger(__name__)


#: Emails recorded, then processed, per transaction in bulk imports: one commit per batch
#: instead of two per email, while the locks a batch holds (the ticket counter, say) are
#: still released within a fraction of a second.
BATCH_SIZE = 100
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
    InboundEmail.objects.bulk_create(new.values())
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
    return _process_recorded([inbound for inbound, _ in emails_record(items=items)])


def _process_recorded(
    recorded: list[InboundEmail], parsed: Mapping[int, ParsedEmail] | None = None
) -> list[tuple[InboundEmail, bool]]:
    pending = list(dict.fromkeys(i.pk for i in recorded if i.outcome == Outcome.PENDING))
    processed = {
        i.pk: (i, now) for i, now in inbound_process_batch(inbound_ids=pending, parsed=parsed)
    }
    # the same bytes twice in a batch are processed once; a replay not at all
    return [processed.pop(inbound.pk, (inbound, False)) for inbound in recorded]


def in_batches(items: Iterable[T]) -> Iterator[list[T]]:
    """Lists of up to BATCH_SIZE items, read lazily: an import of any size holds one batch."""
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def inbound_process_many(inbound_ids: Iterable[int]) -> list[tuple[InboundEmail, bool]]:
    """`inbound_process_batch` for any number of recorded emails (an IMAP poll's, the
    quarantine's), a transaction per batch; from the second batch on, each is parsed in a
    second process while this one processes the batch before it (`ParseAhead`)."""
    with ParseAhead() as parse_ahead:
        return [
            pair
            for _, recorded, parsed in _parsed_ahead(_stored_batches(inbound_ids), parse_ahead)
            for pair in _process_recorded(recorded, parsed)
        ]


def _stored_batches(
    inbound_ids: Iterable[int],
) -> Iterator[tuple[None, list[InboundEmail], list[bytes] | None]]:
    """The recorded emails of the ids, a batch at a time, with their bytes to parse ahead
    (None when a file cannot be read: then they are parsed, or quarantined, in turn)."""
    for batch in in_batches(inbound_ids):
        found = InboundEmail.objects.select_related("raw").in_bulk(batch)
        recorded = [found[pk] for pk in batch if pk in found]
        try:
            datas = [raw_read(inbound.raw) for inbound in recorded]
        except OSError:
            datas = None
        yield None, recorded, datas


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


def messages_in(path: Path) -> Iterator[tuple[str, bytes]]:
    """(label, bytes) for each email in an .eml file, an mbox file or a Maildir folder."""
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise ValueError(f"{path} is a folder but not a Maildir (no cur/ or new/)")
        box = mailbox.Maildir(path, factory=None, create=False)
        for key in box.iterkeys():
            yield f"{path.name}/{key}", box.get_bytes(key)
        return
    with path.open("rb") as handle:
        head = handle.read(5)
    if head == b"From ":
        box = mailbox.mbox(path, factory=None, create=False)
        for index, key in enumerate(box.iterkeys()):
            yield f"{path.name}#{index + 1}", box.get_bytes(key)
        return
    yield path.name, path.read_bytes()


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


def _readable_messages(paths: list[Path], report: IngestReport) -> Iterator[tuple[str, bytes]]:
    """Every email of the paths; a file or folder that cannot be read is reported instead."""
    for path in paths:
        found = False
        for source, prefix in _sources(path, path, report):
            found = True
            try:
                yield from ((prefix + label, data) for label, data in messages_in(source))
            except (OSError, ValueError) as error:
                report.unreadable(str(source), error)
        if not found:
            report.unreadable(
                str(path), ValueError(f"{path} holds no .eml file and is not a Maildir")
            )


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() or (path / "new").is_dir()


def _sources(path: Path, top: Path, report: IngestReport) -> Iterator[tuple[Path, str]]:
    """(file or Maildir, label prefix) for a path: itself, or for a plain folder (the most
    common export) its .eml files and Maildir folders at any depth, in name order, each
    labelled by where it is under the folder. Any other file there is reported as skipped,
    not silently left out; folders reached through links are not followed (no loops)."""
    if not path.is_dir() or _is_maildir(path):
        yield path, "" if path == top else f"{path.parent.relative_to(top)}/".removeprefix("./")
        return
    for child in sorted(path.iterdir()):
        if child.is_dir() and not child.is_symlink():
            yield from _sources(child, top, report)
        elif child.is_file() and child.suffix.lower() == ".eml":
            yield child, f"{child.parent.relative_to(top)}/".removeprefix("./")
        else:
            report.skipped(str(child), "not an .eml file or a Maildir folder")


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
        for batch in _written_ahead(in_batches(_readable_messages(paths, report))):
            items = [(data, f"file:{label}") for label, data in batch]
            recorded = [inbound for inbound, _ in emails_record(items=items, written=True)]
            yield batch, recorded, [data for _, data in batch]

    with ParseAhead() as parse_ahead:
        for batch, recorded, parsed in _parsed_ahead(recorded_batches(), parse_ahead):
            received = _process_recorded(recorded, parsed)
            report.add([(label, *pair) for (label, _), pair in zip(batch, received, strict=True)])
    return report


def quarantine_count() -> int:
    return InboundEmail.objects.filter(outcome=Outcome.QUARANTINED).count()


def inbound_process_pending(*, older_than_seconds: int = 30) -> int:
    """Process emails recorded but never processed (a crash between the two steps)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = InboundEmail.objects.filter(outcome=Outcome.PENDING, received_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    return sum(now for _, now in inbound_process_many(list(ids[:500])))
