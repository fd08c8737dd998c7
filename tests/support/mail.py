"""Email builders and a recording SMTP handler for tests."""

import socket
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.core import mail
from django.utils import timezone


class Inbox:
    """aiosmtpd handler keeping every delivered message (envelope and bytes).

    A relay that turns mail away for a while: set `refuse_rcpt` or `refuse_data` to the
    reply to give (a "451 ..." busy, a "554 ..." failed) until it is set back to None."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse_rcpt: str | None = None
        self.refuse_data: str | None = None
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            self.refused += 1
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            self.refused += 1
            return self.refuse_data
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def sent_mail() -> list:
    """Send what the outbox holds, as the worker would, and return all mail sent so far
    (Django's test outbox): mail is queued first, never sent where it is written."""
    from realdesk.comms.email.outbound.outbox import outbox_send_due

    outbox_send_due()
    return mail.outbox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_email(
    *,
    sender="Jane Roe <jane@example.org>",
    to="support@help.example.com",
    subject="Printer on fire",
    body="My printer is on fire.\n\nJane",
    message_id: str | None = "auto",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    if message_id == "auto":
        msg["Message-ID"] = make_msgid(domain="example.org")
    elif message_id:
        msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, payload, ctype in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def permanent_bounce(rfc_message_id: str, *, recipient: str = "jane@example.org") -> bytes:
    """A mail server's report that our email `rfc_message_id` to `recipient` bounced for
    good (550 5.1.1)."""
    return make_email(
        sender="MAILER-DAEMON@mx.example.org",
        subject="Undelivered Mail Returned to Sender",
        body=(
            f"This is the mail system.\n\n<{recipient}>: host mx said: 550 5.1.1 "
            f"user unknown\n\nMessage-ID: <{rfc_message_id}>\n"
        ),
        headers={"X-Failed-Recipients": recipient},
    )
