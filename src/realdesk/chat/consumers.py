"""The customer's chat socket, `/ws/chat/{id}/?token=`.

Synchronous on purpose, like every view here: each frame is one short database action.
The socket carries what the REST API does (messages once per client id) plus what only a
socket can: the agent's messages and queue moves as they happen, typing and read state.
"""

import time
from functools import lru_cache
from urllib.parse import parse_qs

from asgiref.sync import async_to_sync
from channels.generic.websocket import JsonWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext

from realdesk.chat import actions, selectors
from realdesk.chat.choices import SessionStatus
from realdesk.chat.models import ChatSession
from realdesk.chat.push import QUEUE_GROUP, chat_group
from realdesk.chat.wire import message_json, origin_allowed, state_json
from realdesk.core.errors import ApplicationError

TYPING_EVERY_SECONDS = actions.TYPING_EVERY.total_seconds()
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404


@lru_cache(maxsize=1)
def _queue(version: str) -> selectors.Queue:
    """The queue after the change `version` names, read once per process however many
    waiting sockets it holds (push.queue_changed names each change)."""
    return selectors.queue_read()


class ChatConsumer(JsonWebsocketConsumer):
    session: ChatSession

    def connect(self) -> None:
        headers = dict(self.scope.get("headers", []))
        origin = headers.get(b"origin", b"").decode() or None
        host = headers.get(b"host", b"").decode()
        scheme = "https" if self.scope.get("scheme") in ("wss", "https") else "http"
        if not origin_allowed(
            origin, own=f"{scheme}://{host}", allowed=settings.REALDESK_CHAT_ALLOWED_ORIGINS
        ):
            self.close(code=CLOSE_FORBIDDEN)
            return
        token = parse_qs(self.scope.get("query_string", b"").decode()).get("token", [""])[0]
        try:
            self.session = selectors.session_for_token(
                pk=self.scope["url_route"]["kwargs"]["pk"], token=token
            )
        except ApplicationError:
            self.close(code=CLOSE_NOT_FOUND)
            return
        self.typing_sent = 0.0
        # Set here, not on the class: the groups depend on the token. The base class
        # leaves them when the socket closes. Only a waiting chat hears the queue move.
        self.groups = [chat_group(self.session.pk)]
        if self.session.status == SessionStatus.WAITING:
            self.groups.append(QUEUE_GROUP)
        for group in self.groups:
            async_to_sync(self.channel_layer.group_add)(group, self.channel_name)
        self.accept()
        self.last_state: dict = {}
        self._send_state()
        if self.session.agent_read_id:  # after a reconnect: what the agent has read already
            self.send_json(
                {"type": "read", "from": "agent", "message_id": self.session.agent_read_id}
            )

    def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = {
            "message": self._message,
            "resume": self._resume,
            "typing": self._typing,
            "read": self._read,
        }.get(kind)
        if handler is None:
            self.send_json({"type": "error", "error": "unknown_type"})
            return
        try:
            handler(content)
        except ApplicationError as error:
            self.send_json({"type": "error", "error": error.code, "message": error.message})

    def _message(self, content: dict) -> None:
        """Stored once per client id; the copy pushed back after commit is the ack."""
        actions.chat_customer_message(
            session=self.session,
            client_id=str(content.get("client_id", "")),
            body=str(content.get("body", "")),
        )

    def _resume(self, content: dict) -> None:
        """After a reconnect: everything after the last message the widget has."""
        after = content.get("after", 0)
        after = after if isinstance(after, int) and after > 0 else 0
        for message in selectors.session_messages(session=self.session, after=after):
            self.send_json({"type": "message", **message_json(message)})

    def _typing(self, content: dict) -> None:
        now = time.monotonic()
        if now - self.typing_sent < TYPING_EVERY_SECONDS:
            return
        self.typing_sent = now
        actions.chat_customer_typing(session=self.session)
        self._to_group({"type": "chat.typing", "from": "customer", "sender": self.channel_name})

    def _read(self, content: dict) -> None:
        """Kept for the console, and told to the customer's other windows."""
        up_to = content.get("message_id")
        if not isinstance(up_to, int):
            raise ApplicationError(
                gettext("message_id must be a message's id."), code="invalid_message"
            )
        actions.chat_customer_read(session=self.session, message_id=up_to, sender=self.channel_name)

    def _to_group(self, event: dict) -> None:
        async_to_sync(self.channel_layer.group_send)(chat_group(self.session.pk), event)

    # Channel layer events
    def chat_message(self, event: dict) -> None:
        self.send_json({"type": "message", **event["message"]})

    def chat_typing(self, event: dict) -> None:
        if event.get("sender") != self.channel_name:
            self.send_json({"type": "typing", "from": event["from"]})

    def chat_read(self, event: dict) -> None:
        if event.get("sender") != self.channel_name:
            self.send_json(
                {"type": "read", "from": event["from"], "message_id": event["message_id"]}
            )

    def chat_state(self, event: dict) -> None:
        """This chat changed: tell the customer where they stand now. Once it is no longer
        waiting the queue's moves are none of its business."""
        self.session = ChatSession.objects.select_related("ticket", "customer").get(
            pk=self.session.pk
        )
        self._send_state()
        if self.session.status != SessionStatus.WAITING and QUEUE_GROUP in self.groups:
            self.groups.remove(QUEUE_GROUP)
            async_to_sync(self.channel_layer.group_discard)(QUEUE_GROUP, self.channel_name)
        if self.session.status == SessionStatus.CLOSED:
            self.close()

    def chat_queue(self, event: dict) -> None:
        """The queue moved: this chat's new place, from the process's one read of it."""
        self._send_state(queue=_queue(event["queue"]))

    def _send_state(self, queue: selectors.Queue | None = None) -> None:
        """Announced when it changed only: one change can reach a socket through both of
        its groups, and a customer should not hear the same wait twice."""
        state = {"type": "state", **state_json(self.session, queue=queue)}
        if state != self.last_state:
            self.last_state = state
            self.send_json(state)
