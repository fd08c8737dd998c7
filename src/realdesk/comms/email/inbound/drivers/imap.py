"""Fetching from IMAP mailboxes: record first, mark as imported only after the commit.

A message is marked with the keyword `RealDeskImported` (or \\Seen where the server
allows no keywords) only once its raw bytes and record are committed, so a crash at
any point means the next poll fetches it again, and recording is idempotent on the
bytes, so nothing is lost and nothing is doubled.
"""

import logging
import threading
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import close_old_connections, connection
from imapclient import IMAPClient

from realdesk.comms.email.inbound.bulk import inbound_process_many
from realdesk.comms.email.inbound.record import emails_record
from realdesk.comms.models import InboundEmail

logger = logging.getLogger(__name__)

IMPORTED = b"RealDeskImported"
BATCH = 50


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    ssl: bool
    username: str
    password: str
    folder: str

    @classmethod
    def from_url(cls, url: str) -> "MailboxConfig":
        """imaps://user:password@host:993/INBOX (password URL-encoded)."""
        parts = urlsplit(url)
        if parts.scheme not in {"imap", "imaps"} or not parts.hostname or not parts.username:
            raise ValueError(
                f"An IMAP mailbox looks like imaps://user:password@host/INBOX: {url!r}"
            )
        ssl = parts.scheme == "imaps"
        return cls(
            host=parts.hostname,
            port=parts.port or (993 if ssl else 143),
            ssl=ssl,
            username=unquote(parts.username),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
        )

    @property
    def label(self) -> str:
        return f"imap:{self.username}@{self.host}/{self.folder}"[:64]


def _connect(config: MailboxConfig, timeout: float) -> tuple[IMAPClient, bytes]:
    """Log in and select the folder; also pick the flag that marks a message imported."""
    client = IMAPClient(config.host, port=config.port, ssl=config.ssl, timeout=timeout)
    client.login(config.username, config.password)
    status = client.select_folder(config.folder)
    keywords_allowed = b"\\*" in status.get(b"PERMANENTFLAGS", ())
    return client, IMPORTED if keywords_allowed else b"\\Seen"


def fetch_new(client: IMAPClient, config: MailboxConfig, *, flag: bytes) -> list[InboundEmail]:
    """Record every message not yet imported; returns the new records (to be processed)."""
    criteria = ["NOT", "DELETED", "NOT", "KEYWORD", IMPORTED] if flag == IMPORTED else ["UNSEEN"]
    uids = client.search(criteria)
    recorded = []
    for start in range(0, len(uids), BATCH):
        fetched = client.fetch(uids[start : start + BATCH], ["BODY.PEEK[]"])
        items = [(data[b"BODY[]"], config.label) for data in fetched.values()]
        batch = emails_record(items=items)  # one transaction for the batch
        client.add_flags(list(fetched), [flag])  # only after the records are committed
        recorded += [inbound for inbound, created in batch if created]
    return recorded


def imap_poll(config: MailboxConfig, *, timeout: float = 30) -> list[InboundEmail]:
    """One poll: fetch and record what is new, then process it."""
    client, flag = _connect(config, timeout)
    try:
        recorded = fetch_new(client, config, flag=flag)
    finally:
        client.logout()
    return [inbound for inbound, _ in inbound_process_many(i.pk for i in recorded)]


class ImapWatcher:
    """Keeps one mailbox imported: IDLE where the server offers it, polling otherwise."""

    def __init__(self, config: MailboxConfig, *, interval: float = 30):
        self.config = config
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=config.label, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 10)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                close_old_connections()
                try:
                    self._session()
                except Exception:
                    logger.exception("IMAP %s failed; retrying", self.config.label)
                    self._stop.wait(self.interval)
        finally:
            connection.close()

    def _session(self) -> None:
        client, flag = _connect(self.config, timeout=self.interval + 30)
        try:
            idle = b"IDLE" in client.capabilities()
            while not self._stop.is_set():
                recorded = fetch_new(client, self.config, flag=flag)
                inbound_process_many(inbound.pk for inbound in recorded)
                if idle:
                    client.idle()
                    client.idle_check(timeout=self.interval)
                    client.idle_done()
                else:
                    self._stop.wait(self.interval)
        finally:
            client.logout()


def configured_mailboxes() -> list[MailboxConfig]:
    return [MailboxConfig.from_url(url) for url in settings.REALDESK_IMAP_MAILBOXES]
