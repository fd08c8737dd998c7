"""The customer's chat socket, `/ws/chat/{id}/?token=`.

Asynchronous, with the database reached only where a frame needs it: reads on the one
thread `database_sync_to_async` gives all sockets, the customer's writes each on a thread
borrowed for it (`core/threads.py`). A synchronous
consumer ran every frame on that one thread, pushes included: with 1,000 sockets the
queue's moves after each accepted chat queued behind each other for minutes, each socket's
inbox passed the channel layer's expiry, and the in-memory layer then drops an expired
socket from all its groups; every chat message after that was lost (docs/performance.md).
Now a push (a message, typing, read state) is a send on the event loop, never a wait for
another socket's query.

The socket carries what the REST API does (messages once per client id) plus what only a
socket can: the agent's messages and queue moves as they happen, typing and read state.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext

from realdesk.chat import actions, selectors
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.chat.push import QUEUE_GROUP, chat_group
from realdesk.chat.wire import message_json, origin_allowed, state_json
from realdesk.core.errors import ApplicationError
from realdesk.core.threads import borrowed_thread

TYPING_EVERY_SECONDS = actions.TYPING_EVERY.total_seconds()
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
logger = logging.getLogger(__name__)
QUEUE_READS_KEPT = 16  # a socket behind by more changes than this reads the queue again
# A waiting socket tells its place at once, then at most once a second, the latest: each
# accepted chat moves every waiting one, and 200 accepts in 9 s left some 130,000 places
# to push after them, with the chats' messages waiting behind (bench/chat_load.py).
QUEUE_TOLD_EVERY_SECONDS = 1.0

# The queue after each recent change (push.queue_changed names each one), read once per
# process however many waiting sockets it holds, shared by those asking while it is read.
_queue_reads: OrderedDict[str, asyncio.Future] = OrderedDict()


async def _queue(version: str) -> selectors.Queue:
    read = _queue_reads.get(version)
    if read is None:
        read = asyncio.ensure_future(database_sync_to_async(selectors.queue_read)())
        _queue_reads[version] = read
        while len(_queue_reads) > QUEUE_READS_KEPT:
            _queue_reads.popitem(last=False)
    # Shielded: a socket closing while it waits must not cancel the read for the others.
    return await asyncio.shield(read)


async def _write(action, **kwargs):
    """A customer's write on a thread of its own (`core/threads.py`), as an HTTP request's:
    on the one thread all sockets' reads share, 1,000 sockets' messages waited behind each
    other and behind every queue read, 15 s at the bench's rate. A socket's frames are
    handled one after another, so its messages are still written in their order; two
    windows of one chat meet at the session's row lock, which keeps client ids once.
    On SQLite the writes' transactions take turns in the process (core/sqlite/base.py);
    the rest of each write (its reads, the push after it) runs beside the others'. Taking
    turns on the event loop for the whole write instead had the customers' messages
    queue behind each other's pushes: seconds at 1,000 sockets (docs/performance.md)."""
    async with borrowed_thread():
        return await database_sync_to_async(action)(**kwargs)


@database_sync_to_async
def _session_reload(session: ChatSession) -> ChatSession:
    return ChatSession.objects.select_related("ticket", "customer").get(pk=session.pk)


@database_sync_to_async
def _messages_after(session: ChatSession, after: int) -> list[dict]:
    return [message_json(m) for m in selectors.session_messages(session=session, after=after)]


class ChatConsumer(AsyncJsonWebsocketConsumer):
    session: ChatSession
    frames: asyncio.Future | None = None  # the customer's latest frame being handled
    queue_moved: str = ""  # the latest move of the queue this socket heard of
    queue_telling: asyncio.Future | None = None

    async def dispatch(self, message: dict) -> None:
        """As Channels' own, without its closing of stale database connections before
        every event: that is a hop to the one database thread for each push, which made
        every socket wait behind the others' queries again (py-spy, 1,000 sockets). Here
        the database is reached only through `database_sync_to_async`, which closes them
        around each call itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        headers = dict(self.scope.get("headers", []))
        origin = headers.get(b"origin", b"").decode() or None
        host = headers.get(b"host", b"").decode()
        scheme = "https" if self.scope.get("scheme") in ("wss", "https") else "http"
        if not origin_allowed(
            origin, own=f"{scheme}://{host}", allowed=settings.REALDESK_CHAT_ALLOWED_ORIGINS
        ):
            await self.close(code=CLOSE_FORBIDDEN)
            return
        token = parse_qs(self.scope.get("query_string", b"").decode()).get("token", [""])[0]
        try:
            self.session = await database_sync_to_async(selectors.session_for_token)(
                pk=self.scope["url_route"]["kwargs"]["pk"], token=token
            )
        except ApplicationError:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.typing_sent = 0.0
        # Set here, not on the class: the groups depend on the token. The base class
        # leaves them when the socket closes. Only a waiting chat hears the queue move.
        self.groups = [chat_group(self.session.ticket_id)]
        if self.session.status == SessionStatus.WAITING:
            self.groups.append(QUEUE_GROUP)
        for group in self.groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self.last_state: dict = {}
        await self._send_state(await database_sync_to_async(state_json)(self.session))
        if self.session.agent_read_id:  # after a reconnect: what the agent has read already
            await self.send_json(
                {"type": "read", "from": "agent", "message_id": self.session.agent_read_id}
            )

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = {
            "message": self._message,
            "resume": self._resume,
            "typing": self._typing,
            "read": self._read,
        }.get(kind)
        if handler is None:
            await self.send_json({"type": "error", "error": "unknown_type"})
            return
        # In a task of its own, after this socket's earlier frames (their order is the
        # messages' order): a frame waiting for its write held up the socket's pushes and its
        # reading, and uvicorn, not reading, missed the keepalive's pong and closed the
        # socket (1011: 115 of 1,000 sockets while writes waited their SQLite turn).
        self.frames = asyncio.ensure_future(self._after(self.frames, handler, content))

    async def _after(self, earlier: asyncio.Future | None, handler, content: dict) -> None:
        if earlier is not None:
            await asyncio.wait([earlier])  # its outcome is its own
        try:
            await handler(content)
        except ApplicationError as error:
            await self.send_json({"type": "error", "error": error.code, "message": error.message})
        except Exception:  # the socket stays open; the widget resends unacked ones on reconnect
            logger.exception("chat frame of session %s failed", self.session.pk)

    async def _message(self, content: dict) -> None:
        """Stored once per client id; the copy pushed back after commit is the ack."""
        await _write(
            actions.chat_customer_message,
            session=self.session,
            client_id=str(content.get("client_id", "")),
            body=str(content.get("body", "")),
        )

    async def _resume(self, content: dict) -> None:
        """After a reconnect: everything after the last message the widget has."""
        after = content.get("after", 0)
        after = after if isinstance(after, int) and after > 0 else 0
        for message in await _messages_after(self.session, after):
            await self.send_json({"type": "message", **message})

    async def _typing(self, content: dict) -> None:
        now = time.monotonic()
        if now - self.typing_sent < TYPING_EVERY_SECONDS:
            return
        self.typing_sent = now
        await _write(actions.chat_customer_typing, session=self.session)
        await self.channel_layer.group_send(
            chat_group(self.session.ticket_id),
            {"type": "chat.typing", "from": "customer", "sender": self.channel_name},
        )

    async def _read(self, content: dict) -> None:
        """Kept for the console, and told to the customer's other windows."""
        up_to = content.get("message_id")
        if not isinstance(up_to, int):
            raise ApplicationError(
                gettext("message_id must be a message's id."), code="invalid_message"
            )
        await _write(
            actions.chat_customer_read,
            session=self.session,
            message_id=up_to,
            sender=self.channel_name,
        )

    # Channel layer events
    async def chat_message(self, event: dict) -> None:
        await self.send_json({"type": "message", **event["message"]})

    async def chat_typing(self, event: dict) -> None:
        if event.get("sender") != self.channel_name:
            await self.send_json({"type": "typing", "from": event["from"]})

    async def chat_read(self, event: dict) -> None:
        if event.get("sender") != self.channel_name:
            await self.send_json(
                {"type": "read", "from": event["from"], "message_id": event["message_id"]}
            )

    async def chat_state(self, event: dict) -> None:
        """This chat changed: tell the customer where they stand now. Once it is no longer
        waiting the queue's moves are none of its business."""
        self.session = await _session_reload(self.session)
        await self._send_state(await database_sync_to_async(state_json)(self.session))
        if self.session.status != SessionStatus.WAITING and QUEUE_GROUP in self.groups:
            self.groups.remove(QUEUE_GROUP)
            await self.channel_layer.group_discard(QUEUE_GROUP, self.channel_name)
        if self.session.status == SessionStatus.CLOSED:
            await self.close()

    async def chat_queue(self, event: dict) -> None:
        """The queue moved: this chat's new place, from the process's one read of it, told
        now or, if it was told less than a second ago, when the second is over."""
        self.queue_moved = event["queue"]
        if self.queue_telling is None or self.queue_telling.done():
            self.queue_telling = asyncio.ensure_future(self._tell_place())

    async def _tell_place(self) -> None:
        while self.session.status == SessionStatus.WAITING:
            told = self.queue_moved
            await self._send_state(state_json(self.session, queue=await _queue(told)))
            await asyncio.sleep(QUEUE_TOLD_EVERY_SECONDS)
            if self.queue_moved == told:
                return

    async def disconnect(self, code) -> None:
        if self.queue_telling is not None:
            self.queue_telling.cancel()

    async def _send_state(self, state: dict) -> None:
        """Announced when it changed only: one change can reach a socket through both of
        its groups, and a customer should not hear the same wait twice."""
        state = {"type": "state", **state}
        if state != self.last_state:
            self.last_state = state
            await self.send_json(state)
