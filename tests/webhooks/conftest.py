"""A real HTTP receiver on 127.0.0.1, subscriptions to it, and a guard against dialling out."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factories import AgentFactory
from realdesk.accounts.choices import Role
from realdesk.webhooks import transport
from realdesk.webhooks.actions import subscription_create
from realdesk.webhooks.choices import WebhookEvent
from realdesk.webhooks.signing import signature_valid


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str
    signature_valid: bool


@dataclass
class Receiver:
    """Answers each POST with the next scripted (status, headers), then 200; checks the
    signature with `secret` as any receiver would."""

    url: str = ""
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    secret: str = ""

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers["Content-Length"])).decode()
        headers = {key.lower(): value for key, value in handler.headers.items()}
        valid = bool(self.secret) and signature_valid(
            secret=self.secret,
            webhook_id=headers["webhook-id"],
            timestamp=int(headers["webhook-timestamp"]),
            body=body,
            header=headers["webhook-signature"],
        )
        self.requests.append(Received(handler.path, headers, body, valid))
        status, extra = self.script.pop(0) if self.script else (200, {})
        handler.send_response(status)
        for name, value in extra.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            state.handle(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/realdesk?src=test"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_local(settings):
    """The on-premises allow-list is the only way tests reach the receiver."""
    settings.REALDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture
def no_dialling(monkeypatch):
    """Fails the test if anything tries to connect; returns the addresses it was asked for."""
    asked = []

    def refuse(address, port, timeout):
        asked.append(address)
        raise AssertionError(f"a webhook connected to {address}:{port}")

    monkeypatch.setattr(transport, "open_socket", refuse)
    return asked


@pytest.fixture
def admin(db):
    return AgentFactory(role=Role.ADMIN, email="admin@example.com")


@pytest.fixture
def subscribe(admin, allow_local, receiver):
    """subscribe(*event types) -> a subscription to the receiver, its secret known to it."""

    def make(*event_types: str, url: str | None = None):
        subscription = subscription_create(
            actor=admin,
            name="CRM",
            url=url or receiver.url,
            event_types=list(event_types or WebhookEvent.values),
        )
        receiver.secret = subscription.secret
        return subscription

    return make
