"""Posting one request to a checked address, and nowhere else.

http.client rather than urllib: it never follows redirects by itself, and its
connection can be pointed at the address `target_check` approved while the Host
header and the TLS certificate check keep using the host name.
"""

import http.client
import socket
import ssl
from dataclasses import dataclass

from realdesk.webhooks.urlsafety import Target

TIMEOUT_SECONDS = 10
# Receivers answer with a status; a body is read only to free the connection.
MAX_RESPONSE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Response:
    status: int
    location: str


def open_socket(address: str, port: int, timeout: float) -> socket.socket:
    """The one place a webhook connects; tests replace it to prove a refused URL is
    never dialled."""
    return socket.create_connection((address, port), timeout=timeout)


def _connection(target: Target) -> http.client.HTTPConnection:
    if target.scheme == "https":
        context = ssl.create_default_context()
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=TIMEOUT_SECONDS)
    # http.client keeps this hook for exactly this: choose how the socket is opened.
    connection._create_connection = lambda _address, timeout, _source=None: open_socket(
        target.address, target.port, timeout
    )
    return connection


def post(*, target: Target, headers: dict[str, str], body: bytes) -> Response:
    connection = _connection(target)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return Response(status=response.status, location=response.getheader("Location", ""))
    finally:
        connection.close()
