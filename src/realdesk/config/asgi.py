"""ASGI entry point, served by uvicorn (`realdesk serve`) or any ASGI server."""

import gc
import os

import django
from django.core.handlers.asgi import ASGIHandler
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")


class SyncChainASGIHandler(ASGIHandler):
    """Django's ASGI handler with the middleware chain and views run as one sync call.

    Every view and middleware here is synchronous. Loaded in async mode, Django crosses
    between the event loop and a worker thread twice per middleware and again for the
    view (about twenty thread hops, 6 ms of a request on this machine); loaded in sync
    mode and adapted once at the top, a request crosses once.
    """

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        self._middleware_chain = self.adapt_method_mode(True, self._middleware_chain, False)


django.setup(set_prefix=False)
application = SyncChainASGIHandler()

# Load every view and API schema now, then move all these long-lived objects out of the
# garbage collector's sight: a full collection otherwise walks ~120,000 of them, 40-70 ms
# during which the process answers nobody (the slowest requests of bench/api_bench.py).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
