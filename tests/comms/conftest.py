"""A real SMTP server on 127.0.0.1 for the outbound tests, our own addresses, and a
ticket opened by email."""

import pytest
from aiosmtpd.controller import Controller

from realdesk.comms.email.inbound.record import email_receive
from support.mail import Inbox, free_port, make_email


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def support_address(settings):
    settings.REALDESK_SUPPORT_ADDRESS = "support@help.example.com"
    settings.REALDESK_FROM_ADDRESS = "support@help.example.com"
    settings.DEFAULT_FROM_EMAIL = "Support <support@help.example.com>"
    settings.REALDESK_OWN_ADDRESSES = []


@pytest.fixture
def email_ticket(team):
    """A ticket opened by email (with its acknowledgement queued), in the agent's team."""
    ticket = email_receive(data=make_email(), source="test")[0].ticket
    ticket.team = team
    ticket.save(update_fields=["team"])
    return ticket
