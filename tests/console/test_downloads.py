import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from factories import TeamFactory, open_ticket
from realdesk.core.models import RawMessage
from realdesk.tickets.models import Attachment

pytestmark = pytest.mark.django_db

RAW = b"From: someone@example.net\r\nSubject: Help\r\n\r\n<script>alert(1)</script>\r\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(ticket, *, name="evil.html", content_type="text/html", data=b"<script>x</script>"):
    attachment = Attachment(
        message=ticket.messages.get(),
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    attachment.file.save(name, ContentFile(data), save=True)
    return attachment


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_html_attachment_downloads_as_bytes_never_inline(client, agent, ticket):
    attachment = attach(ticket)
    client.force_login(agent)
    page = client.get(f"/agent/tickets/{ticket.number}/").text
    assert f'href="/agent/attachments/{attachment.pk}/"' in page
    response = client.get(f"/agent/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="evil.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == b"<script>x</script>"


def test_safe_types_keep_their_type_but_still_download(client, agent, ticket):
    attachment = attach(ticket, name="shot.png", content_type="image/png", data=b"\x89PNG....")
    client.force_login(agent)
    response = client.get(f"/agent/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_attachment_of_a_hidden_ticket_is_404(client, agent):
    hidden = open_ticket(team=TeamFactory(name="Hidden"))
    attachment = attach(hidden)
    client.force_login(agent)
    assert client.get(f"/agent/attachments/{attachment.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/agent/attachments/{attachment.pk}/").status_code == 302


def test_original_email_is_a_plain_text_download(client, agent, customer, team):
    name = default_storage.save("raw/test.eml", ContentFile(RAW))
    raw = RawMessage.objects.create(
        sha256=hashlib.sha256(RAW).hexdigest(),
        channel="email",
        storage_name=name,
        size=len(RAW),
        received_at=timezone.now(),
    )
    ticket = open_ticket(customer=customer, team=team, raw=raw)
    message = ticket.messages.get()
    client.force_login(agent)
    assert (
        f"/agent/messages/{message.pk}/original/"
        in client.get(f"/agent/tickets/{ticket.number}/").text
    )
    response = client.get(f"/agent/messages/{message.pk}/original/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == RAW


def test_no_original_for_a_message_without_one(client, agent, ticket):
    client.force_login(agent)
    message = ticket.messages.get()
    assert client.get(f"/agent/messages/{message.pk}/original/").status_code == 404
