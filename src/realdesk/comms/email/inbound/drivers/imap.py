"""Fetching from IMAP mailboxes: record first, mark as imported only after the commit.

A message is marked with the keyword `RealDeskImported` (or \\Seen where the server
allows no keywords) only once its raw bytes and record are committed, so a crash at
any point means the next poll fetches it again, and recording is idempotent on the
bytes, so nothing is lost and nothing is doubled.
"""

import logging
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import close_old_connections, connection
from imapclient import IMAPClient

from realdesk.comms.email.inbound.bulk import in_batches, inbound_process_recorded
from realdesk.comms.email.inbound.record import emails_record
from realdesk.comms.models import InboundEmail
from realdesk.core.raw import raws_write

logger = logging.getLogger(__name__)

IMPORTED = b"RealDeskImported"
#: Messages fetched in one command, so that a mailbox of large emails is held a few at a
#: time.
FETCH_AT_ONCE = 50


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


def fetched_batches(
    client: IMAPClient, config: MailboxConfig, *, flag: bytes
) -> Iterator[tuple[list[InboundEmail], list[bytes]]]:
    """Every message not yet imported, a batch at a time, recorded (committed) and then
    marked: each batch's new records with their bytes, to be processed.

    One thread talks to the server: it fetches the next messages and writes their files
    (creating a file is slow on some disks) while this one records and processes the ones
    before. Marks are sent by that thread too, after each record's commit; its commands
    run in the order given, so the client is never used by two threads at once. Close the
    generator before logging out (`closing`), so that thread is done with the client."""
    criteria = ["NOT", "DELETED", "NOT", "KEYWORD", IMPORTED] if flag == IMPORTED else ["UNSEEN"]
    batches = [
        [batch[start : start + FETCH_AT_ONCE] for start in range(0, len(batch), FETCH_AT_ONCE)]
        for batch in in_batches(client.search(criteria))
    ]
    chunks = (chunk for batch in batches for chunk in batch)
    with ThreadPoolExecutor(1, thread_name_prefix="imap") as server:
        ahead, marks = None, []
        if batches:
            ahead = server.submit(_fetch_written, client, next(chunks))
        for batch in batches:
            recorded, datas = [], []
            for _ in batch:
                uids, fetched = ahead.result()
                following = next(chunks, None)
                ahead = following and server.submit(_fetch_written, client, following)
                records = emails_record(
                    items=[(data, config.label) for data in fetched], written=True
                )
                marks.append(server.submit(client.add_flags, uids, [flag]))  # after the commit
                for (inbound, created), data in zip(records, fetched, strict=True):
                    if created:
                        recorded.append(inbound)
                        datas.append(data)
            yield recorded, datas
        for mark in marks:
            mark.result()  # a failed mark: fetched again next time, and found recorded


def _fetch_written(client: IMAPClient, uids: list[int]) -> tuple[list[int], list[bytes]]:
    """The messages of `uids` (those still there) with their files written (`raws_write`)."""
    fetched = client.fetch(uids, ["BODY.PEEK[]"])
    datas = [data[b"BODY[]"] for data in fetched.values()]
    raws_write(datas)
    return list(fetched), datas


def imap_poll(config: MailboxConfig, *, timeout: float = 30) -> list[InboundEmail]:
    """One poll: fetch and record what is new, and process it."""
    client, flag = _connect(config, timeout)
    try:
        with closing(fetched_batches(client, config, flag=flag)) as batches:
            processed = inbound_process_recorded(batches)
    finally:
        client.logout()
    return [inbound for inbound, _ in processed]


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
                with closing(fetched_batches(client, self.config, flag=flag)) as batches:
                    inbound_process_recorded(batches)
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
