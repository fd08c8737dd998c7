"""An SMTP or LMTP listener a mail server can deliver to (aiosmtpd).

It answers 250 only after the raw message and its record are committed, and 451
(try again later) when the database is unavailable, so the mail server keeps the
message and retries: delivery never depends on parsing, which happens afterwards.
"""

import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from django.db import DatabaseError, close_old_connections

from realdesk.comms.choices import InboundOutcome
from realdesk.comms.email.inbound.pipeline import inbound_process
from realdesk.comms.email.inbound.record import email_record

logger = logging.getLogger(__name__)


def _record_and_process(data: bytes, source: str) -> None:
    close_old_connections()
    inbound, _ = email_record(data=data, source=source)
    if inbound.outcome == InboundOutcome.PENDING:
        try:
            inbound_process(inbound_id=inbound.pk)
        except DatabaseError:
            # Recorded is what the sender needs; the periodic sweep processes it later.
            logger.exception("processing email %s deferred", inbound.pk)


class DeliveryHandler:
    def __init__(self, source: str):
        self.source = source

    async def handle_DATA(self, server, session, envelope) -> str:
        data = envelope.original_content or envelope.content
        try:
            await asyncio.to_thread(_record_and_process, data, self.source)
        except DatabaseError:
            logger.exception("could not record an incoming email; asking the sender to retry")
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 2.0.0 Message accepted"


class MailListener(Controller):
    """Serves SMTP, or LMTP with `lmtp=True`, on host:port in a thread of its own."""

    def __init__(self, *, host: str, port: int, lmtp: bool = False, max_bytes: int):
        self.lmtp = lmtp
        self.max_bytes = max_bytes
        super().__init__(DeliveryHandler("lmtp" if lmtp else "smtp"), hostname=host, port=port)

    def factory(self):
        protocol = LMTP if self.lmtp else SMTP
        return protocol(self.handler, data_size_limit=self.max_bytes, enable_SMTPUTF8=True)
