"""A failing attachment store (the SMTP server, our addresses and a ticket opened by email
are in tests/comms/conftest.py)."""

import pytest

from realdesk.comms.email import delivery


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
