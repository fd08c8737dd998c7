"""Attachments keep the sender's name for display; on disk they never depend on it."""

import pytest

from factories import open_ticket
from realdesk.tickets.attachments import attachment_store

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sent_as", "shown_as", "suffix"),
    [
        ("invoice.PDF", "invoice.PDF", ".pdf"),
        ("!", "!", ""),  # no character a storage accepts: it once failed the whole email
        ("../../etc/passwd", "_.._etc_passwd", ""),
        ("photo.jpg\x00.html", "photo.jpg_.html", ".html"),
    ],
)
def test_any_name_is_stored_and_shown_as_sent(settings, tmp_path, sent_as, shown_as, suffix):
    settings.MEDIA_ROOT = tmp_path
    message = open_ticket().messages.get()
    attachment = attachment_store(message=message, filename=sent_as, payload=b"some bytes")
    assert attachment.filename == shown_as
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert stored == attachment.sha256[:32] + suffix
    assert attachment.file.read() == b"some bytes"
