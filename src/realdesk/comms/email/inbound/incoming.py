"""One inbound email being decided, and what a decision is: shared by the filters of the
pipeline and by delivery."""

from dataclasses import dataclass
from functools import cached_property

from realdesk.comms.email.inbound.batch import InboundBatch, SeenIds
from realdesk.comms.email.inbound.parse.message import ParsedEmail
from realdesk.comms.models import InboundEmail


@dataclass(frozen=True)
class Decision:
    outcome: str
    reason: str = ""


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
