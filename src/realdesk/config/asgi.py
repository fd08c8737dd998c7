"""ASGI entry point, served by uvicorn (`realdesk serve`) or any ASGI server."""

import os

import django
from django.core.handlers.asgi import ASGIHandler

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
