"""The one door every email comes in by (IMAP, LMTP/SMTP, files): record first, then process."""

import mailbox
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.pipeline import inbound_process
from realdesk.comms.models import InboundEmail, OutboundEmail
from realdesk.comms.raw import raw_store
from realdesk.tickets.choices import Channel


def email_record(*, data: bytes, source: str) -> tuple[InboundEmail, bool]:
    """Commit the raw bytes and a pending InboundEmail; (record, created). Nothing parsed yet.

    After this returns the email is safe: a crash later leaves it pending, and
    processing it again is harmless.
    """
    with transaction.atomic():
        raw, _ = raw_store(data=data, channel=Channel.EMAIL)
        return InboundEmail.objects.get_or_create(
            raw=raw, defaults={"source": source[:64], "received_at": raw.received_at}
        )


def email_receive(*, data: bytes, source: str) -> tuple[InboundEmail, bool]:
    """Record and process; (record, processed now). A replay of a processed email is not."""
    inbound, _ = email_record(data=data, source=source)
    if inbound.outcome != Outcome.PENDING:
        return inbound, False
    return inbound_process(inbound_id=inbound.pk), True


def inbound_reprocess_quarantine() -> list[InboundEmail]:
    """Run the quarantine through the pipeline again, after a fix or a raised limit."""
    ids = list(
        InboundEmail.objects.filter(outcome=Outcome.QUARANTINED).values_list("pk", flat=True)
    )
    InboundEmail.objects.filter(pk__in=ids).update(outcome=Outcome.PENDING, reason="")
    return [inbound_process(inbound_id=pk) for pk in ids]


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

    def add(self, label: str, inbound: InboundEmail, processed_now: bool) -> None:
        self.counts["received"] += 1
        if not processed_now:
            self.counts["duplicates"] += 1
            return
        self.counts[OUTCOME_COUNTERS[inbound.outcome]] += 1
        if inbound.outcome in {Outcome.QUARANTINED, Outcome.REJECTED}:
            self.problems.append(
                {"file": label, "outcome": inbound.outcome, "reason": inbound.reason}
            )
        if inbound.outcome == Outcome.TICKET_CREATED and inbound.ticket_id:
            self.counts["acknowledgements_queued"] += OutboundEmail.objects.filter(
                ticket_id=inbound.ticket_id, kind="ack"
            ).count()

    def unreadable(self, label: str, error: Exception) -> None:
        self.counts["received"] += 1
        self.counts["rejected"] += 1
        self.problems.append({"file": label, "outcome": "rejected", "reason": str(error)})

    def as_dict(self) -> dict:
        keys = ["received", *OUTCOME_COUNTERS.values(), "acknowledgements_queued"]
        return {
            **{k: self.counts.get(k, 0) for k in dict.fromkeys(keys)},
            "problems": self.problems,
        }


def ingest_paths(paths: list[Path]) -> IngestReport:
    report = IngestReport()
    for path in paths:
        try:
            for label, data in messages_in(path):
                inbound, processed_now = email_receive(data=data, source=f"file:{label}")
                report.add(label, inbound, processed_now)
        except (OSError, ValueError) as error:
            report.unreadable(str(path), error)
    return report


def quarantine_count() -> int:
    return InboundEmail.objects.filter(outcome=Outcome.QUARANTINED).count()


def inbound_process_pending(*, older_than_seconds: int = 30) -> int:
    """Process emails recorded but never processed (a crash between the two steps)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = InboundEmail.objects.filter(outcome=Outcome.PENDING, received_at__lte=cutoff).values_list(
        "pk", flat=True
    )
    return sum(1 for pk in list(ids[:500]) if inbound_process(inbound_id=pk))
