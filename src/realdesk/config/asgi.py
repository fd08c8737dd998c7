"""ASGI entry point, served by uvicorn (`realdesk serve`) or any ASGI server."""

import asyncio
import contextlib
import gc
import os
import weakref
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext
from django.conf import settings
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
        self._slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _turns(self) -> asyncio.Semaphore | contextlib.nullcontext:
        """At most REALDESK_REQUEST_THREADS requests in sync code at once; the rest wait
        for a turn on the event loop, where waiting costs nothing.

        With a connection pool each request thread needs one of its connections: a burst
        of more requests than connections (the load bench's 250 people) left the extra
        threads waiting for one and failing after the pool's 10 s timeout with a 500,
        where they should only be slower. One semaphore per event loop (a test runs
        several loops; serve one per process)."""
        limit = settings.REALDESK_REQUEST_THREADS
        if not limit:
            return contextlib.nullcontext()
        loop = asyncio.get_running_loop()
        held = self._slots.get(loop)
        if held is None or held[0] != limit:
            held = self._slots[loop] = (limit, asyncio.Semaphore(limit))
        return held[1]

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
        async with self._turns():
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
