"""ASGI entry point, served by uvicorn (`realdesk serve`) or any ASGI server."""

import gc
import os

import django
from django.core.handlers.asgi import ASGIHandler
from django.urls import get_resolver

from realdesk.core.threads import borrowed_thread

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")

#: Collections of the middle generation before the old one's (Python's default: 10).
OLD_COLLECTED_AFTER = 1000


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

    async def __call__(self, scope, receive, send) -> None:
        """As Django's, but each request borrows a long-lived thread instead of starting one
        (`core/threads.py`): Django runs a request's sync code on a one-thread executor of
        its own, started for the request and joined in yet another new thread at its end.
        Concurrent requests still get a thread each, at most REALDESK_REQUEST_THREADS at
        once; the rest wait for a turn on the event loop, where waiting costs nothing.
        """
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}")
        async with borrowed_thread():
            await self.handle(scope, receive, send)


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
# What a serving process builds later lives long too: a thousand chat sockets are ~150,000
# objects (coroutines, queues, contexts), which Python's defaults walked in a full
# collection every 1.3 s, 115-200 ms each, the tail of bench/chat_load.py's deliveries.
# Young objects are still collected as often; the old generation a hundred times less
# (a cycle that outlives two young collections waits longer to be freed).
gc.set_threshold(*gc.get_threshold()[:2], OLD_COLLECTED_AFTER)
