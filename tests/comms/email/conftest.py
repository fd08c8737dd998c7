"""Email tickets and failing attachment stores; the SMTP server is in tests/comms/conftest.py."""

import pytest

from realdesk.comms.email import delivery
from realdesk.comms.email.receive import email_receive
from support.mail import make_email


@pytest.fixture
def email_ticket(team):
    """A ticket opened by email (with its acknowledgement queued), in the agent's team."""
    ticket = email_receive(data=make_email(), source="test")[0].ticket
    ticket.team = team
    ticket.save(update_fields=["team"])
    return ticket


@pytest.fixture
def attachments_fail_for(monkeypatch):
    """Storing the attachments of the email with this subject fails (a full disk, say):
    a failure inside its delivery, after its ticket was opened."""

    def fail_for(subject: str) -> None:
        real_store = delivery._store_attachments

        def failing(message, parsed):
            if parsed.subject == subject:
                raise OSError("disk full")
            real_store(message, parsed)

        monkeypatch.setattr(delivery, "_store_attachments", failing)

    return fail_for
