"""Threads the event loop lends to synchronous code: one per call, kept for the next.

Sync code reached from async code (asgiref's `sync_to_async`, thread-sensitive) runs by
default on ONE thread per process. Fine for a page; not for a thousand chat sockets, whose
writes then wait behind each other and behind every other socket's query. Each caller here
borrows a one-thread executor of its own (its calls stay on one thread, so on one database
connection and in order), and at most REALDESK_REQUEST_THREADS callers are in sync code at
once per event loop: with a connection pool each thread needs one of its connections, and
a burst larger than the pool would wait for one and fail after the pool's timeout where it
should only be slower. HTTP requests (`config/asgi.py`) and the chat socket's writes
(`chat/consumers.py`) share the bound, as they share the pool.
"""

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings

IDLE_THREADS_KEPT = 32

_idle_threads: list[ThreadPoolExecutor] = []
_turns: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> its semaphore


def _turn() -> asyncio.Semaphore | contextlib.nullcontext:
    """One semaphore per event loop (a test runs several loops; serve one per process)."""
    limit = settings.REALDESK_REQUEST_THREADS
    if not limit:
        return contextlib.nullcontext()
    loop = asyncio.get_running_loop()
    held = _turns.get(loop)
    if held is None or held[0] != limit:
        held = _turns[loop] = (limit, asyncio.Semaphore(limit))
    return held[1]


@contextlib.asynccontextmanager
async def borrowed_thread() -> AsyncIterator[None]:
    """Thread-sensitive sync calls inside run on a thread of their own, not the process's
    one. Borrowing an idle executor spares two thread starts per call (~1.3 ms of CPU):
    what Django's own handler does for each request."""
    async with _turn():
        thread = _idle_threads.pop() if _idle_threads else ThreadPoolExecutor(1)
        try:
            async with ThreadSensitiveContext(executor=thread):
                yield
        finally:
            if len(_idle_threads) < IDLE_THREADS_KEPT:
                _idle_threads.append(thread)
            else:  # a burst is over: let its extra threads end
                thread.shutdown(wait=False)
