"""The ASGI application `realdesk serve` runs: the whole sync middleware chain per request."""

import asyncio
import gc
import json

import pytest
from asgiref.testing import ApplicationCommunicator

from realdesk.config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def _call(method: str, path: str, body: bytes = b"", headers=()) -> tuple[int, dict, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": body})
    start = await communicator.receive_output(timeout=10)
    chunks = []
    while True:
        message = await communicator.receive_output(timeout=10)
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return start["status"], dict(start["headers"]), b"".join(chunks)


def call(method: str, path: str, body: bytes = b"", headers=()) -> tuple[int, dict, bytes]:
    return asyncio.run(_call(method, path, body, headers))


def test_serves_a_page_with_every_middleware_applied():
    status, headers, body = call("GET", "/agent/login/")
    assert status == 200
    assert b"Sign in" in body
    assert b"Content-Security-Policy" in headers  # the last middleware ran
    assert headers[b"X-Frame-Options"] == b"DENY"


def test_refuses_a_post_without_csrf_and_answers_missing_pages():
    assert (call("POST", "/agent/login/", b"email=a&password=b"))[0] == 403
    assert (call("GET", "/no-such-page/"))[0] == 404


def test_api_errors_keep_their_json_shape():
    bad_token = [(b"authorization", b"Bearer x")]
    status, _, body = call("GET", "/api/v1/tickets", headers=bad_token)
    assert status == 401
    assert "error" in json.loads(body)


def test_the_loaded_application_is_hidden_from_full_collections():
    """A full garbage collection of the loaded app took 40-70 ms, stalling every request."""
    assert gc.get_freeze_count() > 50_000
