"""Reads for live chat. The customer's side acts for the holder of a session token (the
token is the scope); anything an agent reads takes `actor=`."""

import hashlib
import hmac
import math
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.chat.choices import Availability, SessionStatus
from realdesk.chat.models import AgentAvailability, ChatSession
from realdesk.core.errors import ApplicationError
from realdesk.sla.erlang import position_wait_seconds
from realdesk.sla.models import BusinessCalendar
from realdesk.sla.policies import calendar_of
from realdesk.tickets.choices import Direction
from realdesk.tickets.models import Attachment, Message, Ticket
from realdesk.tickets.permissions import can_see_ticket, visible_tickets_q

CLIENT_ID_PREFIX = "chat:"  # Message.external_id is "chat:<session>:<client id>"
TYPING_SEEN_SECONDS = 5  # the socket's 2 s throttle plus the console's 2 s poll


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_for_token(*, pk: int, token: str) -> ChatSession:
    """The session this token opens; any mismatch is "not found", so a token for one chat
    says nothing about another."""
    session = ChatSession.objects.filter(pk=pk).select_related("ticket", "customer").first()
    if session is None or not hmac.compare_digest(session.token_hash, token_hash(token or "")):
        raise ApplicationError(gettext("This chat does not exist."), code="not_found")
    return session


def available_agents(*, now: datetime | None = None) -> QuerySet[User]:
    """Agents who said they take chats and showed a sign of life within the auto-away delay."""
    now = now or timezone.now()
    return User.objects.filter(
        is_active=True,
        chat_availability__state=Availability.AVAILABLE,
        chat_availability__seen_at__gte=now
        - timedelta(seconds=settings.REALDESK_CHAT_AUTO_AWAY_SECONDS),
    )


def agents_online(*, now: datetime | None = None) -> int:
    return available_agents(now=now).count()


def waiting(*, started_before: datetime) -> QuerySet[ChatSession]:
    """Chats still in the queue that started before the instant (the periodic check's)."""
    return ChatSession.objects.filter(
        status=SessionStatus.WAITING, started_at__lt=started_before
    ).select_related("ticket", "customer")


def unalerted_waiting(*, started_before: datetime) -> QuerySet[ChatSession]:
    return waiting(started_before=started_before).filter(alerted_at__isnull=True)


def desk_calendar():
    """The first business calendar (the support team's; always open when none is set up)."""
    return calendar_of(BusinessCalendar.objects.order_by("pk").first())


@dataclass(frozen=True)
class QueueState:
    position: int  # 1 = next; 0 once an agent has the chat
    wait_seconds: int
    agents_online: int


def queue_state(session: ChatSession, *, now: datetime | None = None) -> QueueState:
    """Where the session stands. Free agents take the first in line at once; behind them
    the wait is how long the agents online take to free up that many places (the same
    Erlang arithmetic as the phone queue)."""
    online = agents_online(now=now)
    if session.status != SessionStatus.WAITING:
        return QueueState(position=0, wait_seconds=0, agents_online=online)
    position = (
        ChatSession.objects.filter(
            status=SessionStatus.WAITING, started_at__lt=session.started_at
        ).count()
        + 1
    )
    return _placed(position, online=online, busy=_agents_busy())


def _agents_busy() -> int:
    return (
        ChatSession.objects.filter(status=SessionStatus.ACTIVE).values("agent").distinct().count()
    )


def _placed(position: int, *, online: int, busy: int) -> QueueState:
    free = max(0, online - busy)
    if position <= free:
        return QueueState(position=position, wait_seconds=0, agents_online=online)
    wait = position_wait_seconds(
        position=position - free,
        agents_online=online,
        handle_seconds=settings.REALDESK_CHAT_HANDLE_SECONDS,
    )
    seconds = 0 if math.isinf(wait) else round(wait)
    return QueueState(position=position, wait_seconds=seconds, agents_online=online)


@dataclass(frozen=True)
class Queue:
    """The whole queue as one read saw it. When it moves, every waiting socket of a process
    takes its place from the same read: three queries per socket made 800 waiting
    customers cost 2,400 queries for each chat an agent accepted (bench/chat_load.py)."""

    waiting_since: tuple[datetime, ...]  # when each waiting chat started, oldest first
    agents_online: int
    agents_busy: int

    def state(self, session: ChatSession) -> QueueState:
        """What `queue_state` says, for any session, without a query."""
        if session.status != SessionStatus.WAITING:
            return QueueState(position=0, wait_seconds=0, agents_online=self.agents_online)
        position = bisect_left(self.waiting_since, session.started_at) + 1
        return _placed(position, online=self.agents_online, busy=self.agents_busy)


def queue_read(*, now: datetime | None = None) -> Queue:
    started = ChatSession.objects.filter(status=SessionStatus.WAITING).order_by("started_at")
    return Queue(
        waiting_since=tuple(started.values_list("started_at", flat=True)),
        agents_online=agents_online(now=now),
        agents_busy=_agents_busy(),
    )


def session_messages(*, session: ChatSession, after: int = 0) -> QuerySet[Message]:
    """What the customer sees of the ticket: their words and our answers, never notes."""
    return (
        Message.objects.filter(
            ticket=session.ticket,
            pk__gt=after,
            direction__in=[Direction.INBOUND, Direction.OUTBOUND],
            created_at__gte=session.started_at,
        )
        .select_related("author_agent")
        .prefetch_related("attachments")
        .order_by("pk")
    )


def session_attachment(*, session: ChatSession, pk: int) -> Attachment:
    """A file of this chat's conversation (never of a note, never of another chat): the
    token holder may download it. DoesNotExist otherwise."""
    return Attachment.objects.get(pk=pk, message__in=session_messages(session=session))


def live_session_id(*, ticket_id: int) -> int | None:
    """The ticket's chat while it is still open in the customer's widget. Its id only:
    asked for every answer on a chat ticket (where it goes), which needs no whole row."""
    return (
        ChatSession.objects.filter(
            ticket_id=ticket_id, status__in=[SessionStatus.WAITING, SessionStatus.ACTIVE]
        )
        .order_by("-started_at")
        .values_list("pk", flat=True)
        .first()
    )


def chat_list(*, actor: User, status: str = "") -> QuerySet[ChatSession]:
    """Chats on tickets the actor may see; the longest wait first."""
    chats = ChatSession.objects.filter(
        ticket__in=Ticket.objects.filter(visible_tickets_q(actor))
    ).select_related("ticket", "customer", "agent")
    return (chats.filter(status=status) if status else chats).order_by("started_at", "pk")


def _typing(session: ChatSession, typed: datetime | None, *, direction: str, now) -> bool:
    """A keystroke within the throttle and a poll, and no message sent since: the message
    they were typing has arrived."""
    if not typed or (now or timezone.now()) - typed >= timedelta(seconds=TYPING_SEEN_SECONDS):
        return False
    return not Message.objects.filter(
        ticket_id=session.ticket_id, direction=direction, created_at__gte=typed
    ).exists()


def customer_typing(*, session: ChatSession, now: datetime | None = None) -> bool:
    """The customer typing now, as the console's poll shows it."""
    return _typing(session, session.customer_typed_at, direction=Direction.INBOUND, now=now)


def agent_typing(*, session: ChatSession, now: datetime | None = None) -> bool:
    """The agent typing now, as the long poll tells the customer (the socket is pushed)."""
    return _typing(session, session.agent_typed_at, direction=Direction.OUTBOUND, now=now)


def session_signals(*, session: ChatSession) -> tuple:
    """What the long poll answers early for besides a message: the chat's status, the
    agent's typing, how far they have read."""
    return (
        ChatSession.objects.filter(pk=session.pk)
        .values_list("status", "agent_typed_at", "agent_read_id")
        .get()
    )


def availability_of(*, agent: User) -> str:
    """The state the agent chose (offline when never set), as the console's switch shows it."""
    chosen = AgentAvailability.objects.filter(agent=agent).values_list("state", flat=True).first()
    return chosen or Availability.OFFLINE


def chat_get(*, actor: User, pk: int) -> ChatSession:
    """A chat the actor may not see is as missing as one that does not exist. Read by its
    key, then its ticket checked: filtered through every visible ticket instead, building
    the lookup's query was 18% of an agent's chat message over the API under cProfile,
    where each message finds its chat again."""
    session = ChatSession.objects.select_related("ticket", "customer", "agent").get(pk=pk)
    if not can_see_ticket(actor, session.ticket):
        raise ChatSession.DoesNotExist("No visible chat matches the given query.")
    return session


def client_id_of(message: Message) -> str:
    """The widget's own id of a customer's chat message ("" for anything else)."""
    if not message.external_id.startswith(CLIENT_ID_PREFIX):
        return ""
    return message.external_id.split(":", 2)[2]
