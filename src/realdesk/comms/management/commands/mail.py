"""`realdesk mail`: receive email (IMAP mailboxes, SMTP/LMTP listener) without a web server."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from realdesk.comms.email.inbound.drivers.runner import MailReceivers


class Command(BaseCommand):
    help = "Import configured IMAP mailboxes and/or listen for SMTP/LMTP deliveries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--listen",
            default=settings.REALDESK_MAIL_LISTEN,
            help="host:port for an SMTP (or --lmtp) listener, e.g. 127.0.0.1:2525",
        )
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP instead of SMTP.")

    def handle(self, *, listen: str, lmtp: bool, **options):
        receivers = MailReceivers(listen=listen, lmtp=lmtp)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        receivers.start()
        self.stdout.write(f"Receiving mail: {receivers.describe()} (Ctrl-C stops)")
        stop.wait()
        receivers.stop()
