"""ASGI entry point, served by uvicorn (`realdesk serve`) or any ASGI server."""

import gc
import os
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")
IDLE_THREADS_KEPT = 32


class SyncChainASGIHandler(ASGIHandler):
    """Django's ASGI handler with the middleware chain and views run as one sync call, on
    a thread borrowed for the request.

    Every view and middleware here is synchronous. Loaded in async mode, Django crosses
    between the event loop and a worker thread twice per middleware and again for the
    view (about twenty thread hops, 6 ms of a request on this machine); loaded in sync
    mode and adapted once at the top, a request crosses once.
    """

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)
        self._middleware_chain = self.adapt_method_mode(True, self._middleware_chain, False)
        self._idle_threads: list[ThreadPoolExecutor] = []

    async def __call__(self, scope, receive, send) -> None:
        """As Django's, but each request borrows a long-lived thread instead of starting one.

        Django runs a request's sync code on a one-thread executor of its own (so on one
        database connection), started for the request and joined in yet another new thread
        at its end: two thread starts per request, ~1.3 ms of CPU. Borrowing an idle
        one-thread executor keeps the guarantee without them; concurrent requests still
        get a thread each.
        """
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}")
        thread = self._idle_threads.pop() if self._idle_threads else ThreadPoolExecutor(1)
        try:
            async with ThreadSensitiveContext(executor=thread):
                await self.handle(scope, receive, send)
        finally:
            if len(self._idle_threads) < IDLE_THREADS_KEPT:
                self._idle_threads.append(thread)
            else:  # a burst is over: let its extra threads end
                thread.shutdown(wait=False)


django.setup(set_prefix=False)

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  (after setup)

from realdesk.chat.routing import websocket_urlpatterns  # noqa: E402

# HTTP as before; WebSockets (the live chat) through Django Channels.
application = ProtocolTypeRouter(
    {"http": SyncChainASGIHandler(), "websocket": URLRouter(websocket_urlpatterns)}
)

# Load every view and API schema now, then move all these long-lived objects out of the
# garbage collector's sight: a full collection otherwise walks ~120,000 of them, 40-70 ms
# during which the process answers nobody (the slowest requests of bench/api_bench.py).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
