"""The ASGI application `realdesk serve` runs: the whole sync middleware chain per request."""

import asyncio
import gc
import json
import threading
import time
from collections import defaultdict

import pytest
from asgiref.testing import ApplicationCommunicator
from django.core.signals import request_finished, request_started

from realdesk.config.asgi import OLD_COLLECTED_AFTER, application

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
    await communicator.wait()  # the request's end (closing the response) ran too
    return start["status"], dict(start["headers"]), b"".join(chunks)


def call(method: str, path: str, body: bytes = b"", headers=()) -> tuple[int, dict, bytes]:
    return asyncio.run(_call(method, path, body, headers))


@pytest.fixture
def request_threads():
    """The threads each request's sync code ran on, from its start to its end signal."""
    seen: dict[str, list[threading.Thread]] = defaultdict(list)

    def started(sender, scope=None, **kwargs) -> None:
        seen["started"].append(threading.current_thread())

    def finished(sender, **kwargs) -> None:
        seen["finished"].append(threading.current_thread())

    request_started.connect(started)
    request_finished.connect(finished)
    yield seen
    request_started.disconnect(started)
    request_finished.disconnect(finished)


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


def test_a_serving_process_walks_its_old_objects_rarely():
    """A thousand chat sockets' objects, walked in a full collection every 1.3 s at 115-200 ms,
    were the tail of the chat's deliveries; young objects are still collected as often."""
    assert gc.get_threshold()[2] == OLD_COLLECTED_AFTER == 1000


def test_a_request_keeps_one_thread_and_the_next_reuses_it(request_threads):
    """One thread per request (one database connection), but no new thread per request."""

    async def three_in_a_row() -> None:
        for _ in range(3):
            assert (await _call("GET", "/healthz"))[0] == 200

    asyncio.run(three_in_a_row())
    assert request_threads["started"] == request_threads["finished"]
    assert len(set(request_threads["started"])) == 1


def test_concurrent_requests_each_get_a_thread(request_threads):
    async def together() -> list[tuple[int, dict, bytes]]:
        return await asyncio.gather(*(_call("GET", "/healthz") for _ in range(3)))

    assert [status for status, _, _ in asyncio.run(together())] == [200, 200, 200]
    assert len(set(request_threads["started"])) == 3


def test_requests_past_the_bound_wait_for_a_turn(settings):
    """A burst larger than REALDESK_REQUEST_THREADS waits on the event loop: never more
    request threads than pooled connections, which made the extra ones fail with a 500
    after the pool's timeout under bench/load.py."""
    settings.REALDESK_REQUEST_THREADS = 2
    lock, running, most = threading.Lock(), [0], [0]

    def started(sender, scope=None, **kwargs) -> None:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)  # a request's work, long enough for the others to overlap it

    def finished(sender, **kwargs) -> None:
        with lock:
            running[0] -= 1

    async def burst() -> list[tuple[int, dict, bytes]]:
        return await asyncio.gather(*(_call("GET", "/healthz") for _ in range(6)))

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        statuses = [status for status, _, _ in asyncio.run(burst())]
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)
    assert statuses == [200] * 6
    assert most[0] == 2
