"""One inbound email being decided, and what a decision is: shared by the filters of the
pipeline, by delivery and by the pipeline's writer, which applies a decision's effects."""

from dataclasses import dataclass
from functools import cached_property

from realdesk.comms.email.inbound.batch import InboundBatch, SeenIds
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.comms.models import InboundEmail, OutboundEmail


@dataclass(frozen=True)
class FlagAddress:
    """An address that bounced for good: nothing more is sent to it."""

    address: str
    reason: str
    status_code: str


@dataclass(frozen=True)
class FailOriginal:
    """Our email that a bounce reports as not delivered, shown as failed on its ticket."""

    original: OutboundEmail
    error: str
    status: str | None
    permanent: bool


Effect = FlagAddress | FailOriginal


@dataclass(frozen=True)
class Decision:
    """An email's outcome, and what deciding it asks to be written besides its record:
    filters only decide; the pipeline's writer applies the effects, so a filter can be
    tried on any email without touching the database."""

    outcome: str
    reason: str = ""
    effects: tuple[Effect, ...] = ()


@dataclass
class Incoming:
    """An email's record, what was parsed from it, and the batch it came in: what the
    database holds, read once for all its emails, and what the batch learned from the
    emails before it."""

    record: InboundEmail
    parsed: ParsedEmail
    batch: InboundBatch

    @cached_property
    def seen(self) -> SeenIds:
        return self.batch.seen(self.parsed)
