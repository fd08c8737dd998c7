"""Starts what receives mail in this process: IMAP watchers and, if asked, a listener."""

from django.conf import settings

from realdesk.comms.email.inbound.drivers.imap import ImapWatcher, configured_mailboxes
from realdesk.comms.email.inbound.drivers.listener import MailListener


class MailReceivers:
    def __init__(self, *, listen: str = "", lmtp: bool = False):
        self.watchers = [
            ImapWatcher(config, interval=settings.REALDESK_IMAP_INTERVAL_SECONDS)
            for config in configured_mailboxes()
        ]
        self.listener = None
        if listen:
            host, _, port = listen.rpartition(":")
            self.listener = MailListener(
                host=host or "127.0.0.1",
                port=int(port),
                lmtp=lmtp,
                # Over the limit is still accepted and quarantined; only absurd sizes are refused.
                max_bytes=4 * settings.REALDESK_EMAIL_MAX_BYTES,
            )

    def start(self) -> None:
        for watcher in self.watchers:
            watcher.start()
        if self.listener:
            self.listener.start()

    def stop(self) -> None:
        if self.listener:
            self.listener.stop()
        for watcher in self.watchers:
            watcher.stop()

    def describe(self) -> str:
        parts = [w.config.label for w in self.watchers]
        if self.listener:
            kind = "LMTP" if self.listener.lmtp else "SMTP"
            parts.append(f"{kind} on {self.listener.hostname}:{self.listener.port}")
        return ", ".join(parts) or "nothing configured"
