"""Files in the chat from both sides: the limits and type sniffing of every attachment
(`tickets.attachments`), ticket attachments in the customer's thread, always downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from realdesk.chat.actions import ChatFile, chat_accept, chat_reply
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.core.errors import ApplicationError
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Attachment, Message

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
HTML = b"<html><script>alert(document.cookie)</script></html>"


def _upload(client, started: dict, name: str, payload: bytes, client_id: str = "f-1"):
    return client.post(
        f"/chat/api/sessions/{started['id']}/files",
        {
            "token": started["token"],
            "client_id": client_id,
            "file": SimpleUploadedFile(name, payload, content_type="text/html"),
        },
    )


def _download(client, started: dict, file_id: int, token: str | None = None):
    return client.get(
        f"/chat/api/sessions/{started['id']}/files/{file_id}",
        {"token": token or started["token"]},
    )


def test_a_customers_file_is_a_ticket_attachment_typed_by_its_bytes(client, start, online):
    started = start().json()
    response = _upload(client, started, "screenshot.png", PNG)
    assert response.status_code == 201, response.content
    message = response.json()
    assert (message["from"], message["client_id"], message["body"]) == (
        "customer",
        "f-1",
        "screenshot.png",
    )
    (file,) = message["files"]
    assert (file["name"], file["type"], file["size"]) == ("screenshot.png", "image/png", len(PNG))
    attachment = Attachment.objects.get()
    assert attachment.message.ticket == ChatSession.objects.get().ticket, "in the thread"
    again = _upload(client, started, "screenshot.png", PNG)
    assert again.json()["id"] == message["id"], "sent again after a drop: one copy"
    assert Attachment.objects.count() == 1


def test_a_file_is_always_a_download_never_a_page(client, start, online):
    started = start().json()
    file_id = _upload(client, started, "invoice.html", HTML).json()["files"][0]["id"]
    response = _download(client, started, file_id)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream", "not the sender's text/html"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == HTML


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(client, start, online, settings):
    settings.REALDESK_ATTACHMENT_MAX_BYTES = 32
    started = start().json()
    response = _upload(client, started, "big.png", PNG)
    assert response.status_code == 400
    assert response.json()["error"] == "file_too_large"
    assert not Attachment.objects.exists()
    assert Message.objects.count() == 1, "only the question"
    assert ChatSession.objects.get().status == SessionStatus.WAITING


def test_only_this_chats_token_downloads_its_files(client, start, online):
    started = start().json()
    file_id = _upload(client, started, "screenshot.png", PNG).json()["files"][0]["id"]
    assert _download(client, started, file_id, token="guess").status_code == 404
    other = start(email="bo@example.com").json()
    assert _download(client, other, file_id).status_code == 404, "another chat's file"
    assert (
        client.post(
            f"/chat/api/sessions/{started['id']}/files", {"token": started["token"]}
        ).json()["error"]
        == "no_file"
    )


def test_the_agents_file_reaches_the_customer_as_a_download(client, start, online):
    started = start().json()
    session = chat_accept(session=ChatSession.objects.get(), agent=online)
    chat_reply(session=session, agent=online, body_text="", file=ChatFile("label.png", payload=PNG))
    polled = client.get(
        f"/chat/api/sessions/{started['id']}/messages", {"token": started["token"]}
    ).json()
    answer = polled["messages"][-1]
    assert (answer["from"], answer["body"]) == ("agent", "label.png")
    assert _download(client, started, answer["files"][0]["id"]).status_code == 200


def test_the_agents_file_over_the_limit_is_refused(start, online, settings):
    settings.REALDESK_ATTACHMENT_MAX_BYTES = 32
    start()
    session = chat_accept(session=ChatSession.objects.get(), agent=online)
    with pytest.raises(ApplicationError) as refused:
        chat_reply(
            session=session, agent=online, body_text="Here", file=ChatFile("a.png", payload=PNG)
        )
    assert refused.value.code == "file_too_large"
    assert not Message.objects.filter(direction=Direction.OUTBOUND).exists()
