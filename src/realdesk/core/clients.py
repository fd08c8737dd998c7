"""Who is asking, as far as per-client limits are concerned."""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address per-client limits count: the connection's peer, or the client a trusted
    proxy names (REALDESK_TRUSTED_PROXIES, applied by `serve`'s web server); never an
    X-Forwarded-For the client wrote itself."""
    return request.META.get("REMOTE_ADDR", "")
