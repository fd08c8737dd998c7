"""SMTP and LMTP delivery: 250 only once committed, 451 when the database is unavailable."""

import smtplib

import pytest
from django.db import OperationalError

from realdesk.comms.choices import InboundOutcome
from realdesk.comms.email.inbound.drivers import listener
from realdesk.comms.email.inbound.drivers.listener import MailListener
from realdesk.comms.models import InboundEmail
from support.mail import free_port, make_email

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=[False, True], ids=["smtp", "lmtp"])
def server(request):
    mail_listener = MailListener(
        host="127.0.0.1", port=free_port(), lmtp=request.param, max_bytes=1_000_000
    )
    mail_listener.start()
    yield mail_listener
    mail_listener.stop()


def wire(**kwargs) -> bytes:
    """An email as an MTA sends it: CRLF line endings."""
    return make_email(**kwargs).replace(b"\n", b"\r\n")


def client(server):
    protocol = smtplib.LMTP if server.lmtp else smtplib.SMTP
    connection = protocol("127.0.0.1", server.port, timeout=10)
    if server.lmtp:
        connection.ehlo_or_helo_if_needed = lambda: connection.ehlo()  # LHLO is sent by LMTP
    return connection


def test_delivery_is_recorded_and_processed(server):
    with client(server) as smtp:
        refused = smtp.sendmail("jane@example.org", ["support@help.example.com"], wire())
    assert refused == {}
    inbound = InboundEmail.objects.get()
    assert inbound.source == ("lmtp" if server.lmtp else "smtp")
    assert inbound.outcome == InboundOutcome.TICKET_CREATED


def test_database_down_answers_451_so_the_sender_retries(server, monkeypatch):
    def unavailable(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(listener, "email_record", unavailable)
    with client(server) as smtp, pytest.raises(smtplib.SMTPDataError) as error:
        smtp.sendmail("jane@example.org", ["support@help.example.com"], wire())
    assert error.value.smtp_code == 451
    assert InboundEmail.objects.count() == 0


def test_large_message_is_kept_in_quarantine_and_huge_one_refused(server, settings):
    settings.REALDESK_EMAIL_MAX_BYTES = 100_000
    with client(server) as smtp:
        smtp.sendmail(
            "jane@example.org",
            ["support@help.example.com"],
            wire(body=("x" * 70 + "\n") * 4_000),
        )
        with pytest.raises(smtplib.SMTPException):
            smtp.sendmail(
                "jane@example.org",
                ["support@help.example.com"],
                wire(body=("x" * 70 + "\n") * 30_000),
            )
    inbound = InboundEmail.objects.get()
    assert inbound.outcome == InboundOutcome.QUARANTINED
    assert "larger than" in inbound.reason
