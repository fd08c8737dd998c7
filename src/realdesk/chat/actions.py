"""Writes for live chat. A chat is a ticket on the chat channel: the customer's messages
go through `message_receive`, so SLA, events and history treat them like any other."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from realdesk.accounts.actions import customer_identify, customer_identities_tie
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email, normalize_phone
from realdesk.accounts.models import User
from realdesk.accounts.notify import leads_of
from realdesk.accounts.selectors import customer_find
from realdesk.chat.choices import LIVE_STATUSES, Availability, SessionStatus
from realdesk.chat.identity import check_identity_signature
from realdesk.chat.mail import apology_mail, left_mail, transcript_mail
from realdesk.chat.models import AgentAvailability, ChatSession
from realdesk.chat.push import notice_push, queue_changed, signal_push
from realdesk.chat.selectors import (
    CLIENT_ID_PREFIX,
    agents_online,
    available_agents,
    desk_calendar,
    session_messages,
    token_hash,
    unalerted_waiting,
    waiting,
)
from realdesk.chat.webhooks import chat_publish
from realdesk.comms.outbound import AgentNotice, notify_agents
from realdesk.core.errors import ApplicationError
from realdesk.tickets.actions import (
    message_receive,
    message_send,
    ticket_assign,
    ticket_open,
    ticket_set_status,
    ticket_transfer,
)
from realdesk.tickets.attachments import attachment_store, attachment_too_large
from realdesk.tickets.choices import Channel, Direction, Status
from realdesk.tickets.language import mail_language
from realdesk.tickets.models import Message
from realdesk.tickets.permissions import check_can_work_on
from realdesk.voice.actions import callback_create
from realdesk.voice.choices import CallbackSource
from realdesk.voice.models import Callback
from realdesk.voice.selectors import callbacks_offered
from realdesk.webhooks.choices import WebhookEvent

SUBJECT_LENGTH = 80
CLIENT_ID_LENGTH = 64
TYPING_EVERY = timedelta(seconds=2)  # one "typing" per this long, however fast anyone types


@dataclass(frozen=True)
class Started:
    session: ChatSession
    token: str  # given to the customer once; only its hash is stored


def check_agents_available() -> None:
    """A chat nobody can answer is never opened: outside the desk's hours, or with nobody
    online, the caller is told so (`no_agents`) and offers the request form instead."""
    now = timezone.now()
    calendar = desk_calendar()
    if not calendar.is_open(now):
        raise ApplicationError(
            gettext("No agent is available."),
            code="no_agents",
            extra={"next_open": calendar.next_open(now)},
        )
    if not agents_online(now=now):
        raise ApplicationError(gettext("No agent is available."), code="no_agents", extra={})


def chat_start(
    *,
    name: str,
    email: str,
    question: str,
    language: str = "",
    origin: str = "",
    user_id: str = "",
    user_hash: str = "",
) -> Started:
    """Open the chat: the customer by their email (the same customer and history as their
    mail and web requests), or by the host site's signed user id, a chat ticket with the
    question as its first message, and the session waiting in the queue."""
    if not question.strip():
        raise ApplicationError(gettext("Please type your question."), code="empty_message")
    signed = bool(user_id or user_hash)
    if signed:  # refused before anything is written
        check_identity_signature(
            user_id=user_id, user_hash=user_hash, secret=settings.REALDESK_CHAT_IDENTITY_SECRET
        )
    check_agents_available()
    address = normalize_email(email)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        if signed:
            customer = _signed_customer(
                user_id=user_id, address=address, name=name, language=language
            )
        else:
            customer = customer_identify(
                kind=IdentityKind.EMAIL, value=address, name=name, language=language
            )
        ticket = ticket_open(
            customer=customer,
            subject=_subject(question),
            body_text=question,
            channel=Channel.CHAT,
            language=language,
            at=now,
        )
        session = ChatSession.objects.create(
            ticket=ticket,
            customer=customer,
            token_hash=token_hash(token),
            origin=origin[:255],
            started_at=now,
        )
        chat_publish(event_type=WebhookEvent.CHAT_STARTED, session=session)
        queue_changed(session)
    return Started(session=session, token=token)


def _signed_customer(*, user_id: str, address: str, name: str, language: str):
    """The customer the host site vouches for, by its user id (every chat of theirs in one
    thread). The typed email is only tied to them, unverified and never taken from another
    customer: the signature covers the id, not the address."""
    customer = customer_find(kind=IdentityKind.EXTERNAL, value=user_id) or customer_identify(
        kind=IdentityKind.EXTERNAL, value=user_id, name=name, language=language
    )
    customer_identities_tie(customer=customer, identities=[(IdentityKind.EMAIL, address)])
    return customer


def _subject(question: str) -> str:
    line = " ".join(question.split())
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1] + "…"


@dataclass(frozen=True)
class ChatFile:
    """A file sent in the chat, from either side: it becomes the message's attachment."""

    filename: str
    payload: bytes


def check_file_size(*, filename: str, size: int) -> None:
    """The limit every channel's attachments share (`tickets.attachments`), checked before
    anything is written (and by the upload view before the file is read): a refused file
    loses nothing, the sender still has it."""
    if attachment_too_large(size):
        mb = settings.REALDESK_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ApplicationError(
            gettext("%(filename)s is larger than %(mb)s MB; send a smaller file or a link.")
            % {"filename": filename, "mb": mb},
            code="file_too_large",
            extra={"max_bytes": settings.REALDESK_ATTACHMENT_MAX_BYTES},
        )


def _check_file(file: ChatFile | None) -> None:
    if file is not None:
        check_file_size(filename=file.filename, size=len(file.payload))


def _attach(message: Message, file: ChatFile | None) -> Message:
    """Stored the way email attachments are: type sniffed from the bytes, name cleaned."""
    if file is not None:
        attachment_store(message=message, filename=file.filename, payload=file.payload)
    return message


def chat_customer_message(
    *, session: ChatSession, client_id: str, body: str, file: ChatFile | None = None
) -> Message:
    """The customer's message, once per `client_id`: a widget that lost its connection
    sends again what it is unsure of, and the second copy returns the first. A file is a
    message of its own, its name the text."""
    client_id = client_id.strip()
    if not client_id or len(client_id) > CLIENT_ID_LENGTH:
        raise ApplicationError(
            gettext("client_id must be 1 to %(length)s characters.") % {"length": CLIENT_ID_LENGTH},
            code="invalid_client_id",
        )
    _check_file(file)
    external_id = f"{CLIENT_ID_PREFIX}{session.pk}:{client_id}"
    with transaction.atomic():
        session = (
            ChatSession.objects.select_for_update()
            .select_related("ticket", "customer")
            .get(pk=session.pk)
        )
        existing = Message.objects.filter(ticket=session.ticket, external_id=external_id).first()
        if existing:
            return existing
        if session.status not in LIVE_STATUSES:
            raise ApplicationError(gettext("This chat has ended."), code="chat_closed")
        message = message_receive(
            ticket=session.ticket,
            customer=session.customer,
            body_text=body or (file.filename if file else ""),
            channel=Channel.CHAT,
            external_id=external_id,
        )
        return _attach(message, file)


def chat_customer_typing(*, session: ChatSession) -> None:
    """Kept for the console's chats view, which polls; the socket throttles the calls."""
    ChatSession.objects.filter(pk=session.pk).update(customer_typed_at=timezone.now())


def chat_agent_typing(*, session: ChatSession, agent: User) -> bool:
    """The owner types: the customer's socket hears it, and the long poll reads it from the
    session. At most once per TYPING_EVERY whatever the console sends, so a fast
    typist costs one write and one push per interval. True when it went out."""
    if session.status != SessionStatus.ACTIVE or session.agent_id != agent.pk:
        raise ApplicationError(
            gettext("Accept the chat before you answer in it."), code="not_your_chat"
        )
    now = timezone.now()
    with transaction.atomic():
        sent = _advance(session, "agent_typed_at", now, since=now - TYPING_EVERY)
        if sent:
            signal_push(session, {"type": "chat.typing", "from": "agent"})
    return bool(sent)


def chat_customer_read(*, session: ChatSession, message_id: int, sender: str = "") -> None:
    """The customer has read our messages up to `message_id` (the console shows it beside
    the agent's answers). Only ever forward, and only to an answer of this chat."""
    answers = session_messages(session=session).filter(direction=Direction.OUTBOUND)
    if not answers.filter(pk=message_id).exists():
        raise ApplicationError(gettext("No such answer in this chat."), code="invalid_message")
    with transaction.atomic():
        if _advance(session, "customer_read_id", message_id, since=message_id):
            event = {"type": "chat.read", "from": "customer", "message_id": message_id}
            signal_push(session, {**event, "sender": sender})


def chat_agent_read(*, session: ChatSession, agent: User) -> None:
    """The owner has the chat open: everything the customer wrote so far is read, and the
    customer sees it (pushed, and in the long poll's `read_by_agent`)."""
    if session.agent_id != agent.pk:
        return  # a lead looking in has not read it for the owner
    latest = (
        session_messages(session=session)
        .filter(direction=Direction.INBOUND)
        .values_list("pk", flat=True)
        .last()
    )
    if latest is None:
        return
    with transaction.atomic():
        if _advance(session, "agent_read_id", latest, since=latest):
            signal_push(session, {"type": "chat.read", "from": "agent", "message_id": latest})


def _advance(session: ChatSession, field: str, value, *, since) -> int:
    """Set `field` to `value` unless it is already at or past `since` (one conditional
    update: two processes racing write it once)."""
    behind = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": since})
    return ChatSession.objects.filter(behind, pk=session.pk).update(**{field: value})


def availability_set(*, agent: User, state: str) -> AgentAvailability:
    """The agent's own choice; setting it is also a sign of life."""
    if state not in Availability.values:
        raise ApplicationError(
            gettext("state must be one of %(states)s.")
            % {"states": ", ".join(Availability.values)},
            code="invalid_state",
        )
    availability, _ = AgentAvailability.objects.update_or_create(
        agent=agent, defaults={"state": state, "seen_at": timezone.now()}
    )
    return availability


def availability_seen(*, agent: User) -> bool:
    """A sign of life from the console (the agent used it lately): an available agent stays
    available past the auto-away delay only while they keep working. Their state is theirs
    to change; False when they never set one."""
    return bool(AgentAvailability.objects.filter(agent=agent).update(seen_at=timezone.now()))


def _locked(session: ChatSession) -> ChatSession:
    return ChatSession.objects.select_for_update().select_related("ticket").get(pk=session.pk)


def _check_waiting(session: ChatSession, *, taken: str) -> None:
    if session.status == SessionStatus.ACTIVE:
        raise ApplicationError(taken, code="chat_taken")
    if session.status != SessionStatus.WAITING:
        raise ApplicationError(gettext("This chat has ended."), code="chat_closed")


def _check_chat_limit(agent: User) -> None:
    limit = settings.REALDESK_CHAT_MAX_CONCURRENT
    if ChatSession.objects.filter(agent=agent, status=SessionStatus.ACTIVE).count() >= limit:
        raise ApplicationError(
            gettext("%(agent)s has %(limit)s chats open already: one must close first.")
            % {"agent": agent, "limit": limit},
            code="chat_limit",
        )


def chat_accept(*, session: ChatSession, agent: User) -> ChatSession:
    """One owner per chat (P4): the first agent to accept owns it and its ticket; a second
    is told who was faster. An agent at their limit of concurrent chats takes no more."""
    with transaction.atomic():
        session = _locked(session)
        check_can_work_on(agent, session.ticket)
        _check_waiting(session, taken=gettext("Another agent has accepted this chat already."))
        _check_chat_limit(agent)
        ticket_assign(ticket=session.ticket, owner=agent, actor=agent)
        session.status, session.agent, session.accepted_at = (
            SessionStatus.ACTIVE,
            agent,
            timezone.now(),
        )
        session.save(update_fields=["status", "agent", "accepted_at"])
        chat_publish(event_type=WebhookEvent.CHAT_ACCEPTED, session=session)
        queue_changed(session)
    return session


def chat_transfer(*, session: ChatSession, actor: User, agent: User, note: str) -> ChatSession:
    """Hand an active chat to another available agent with a note (P4: one owner at a
    time). The ticket moves through `ticket_transfer`, so the note is the handoff the next
    owner reads first and the customer is told, in the chat, who has them now."""
    with transaction.atomic():
        session = _locked(session)
        if session.status != SessionStatus.ACTIVE:
            raise ApplicationError(
                gettext("Only an accepted chat can be transferred."), code="not_active"
            )
        if session.agent_id != actor.pk and not actor.sees_all_teams:
            raise ApplicationError(
                gettext("Only the chat's owner or a lead can transfer it."), code="not_your_chat"
            )
        if not available_agents().filter(pk=agent.pk).exists():
            raise ApplicationError(
                gettext("%(agent)s is not available for chat.") % {"agent": agent},
                code="agent_unavailable",
            )
        _check_chat_limit(agent)
        ticket_transfer(ticket=session.ticket, actor=actor, note=note, owner=agent)
        session.agent = agent
        session.save(update_fields=["agent"])
        notice_push(ticket_id=session.ticket_id)
        queue_changed(session)
    return session


def chat_reply(
    *, session: ChatSession, agent: User, body_text: str, file: ChatFile | None = None
) -> Message:
    """The agent's chat message is a ticket reply; the ticket stays open while they talk.
    A file goes with it (or alone, its name the text), pushed once both are committed."""
    if session.status != SessionStatus.ACTIVE or session.agent_id != agent.pk:
        raise ApplicationError(
            gettext("Accept the chat before you answer in it."), code="not_your_chat"
        )
    _check_file(file)
    if file is not None and not body_text.strip():
        body_text = file.filename
    with transaction.atomic():
        message = message_send(
            ticket=session.ticket, agent=agent, body_text=body_text, status_after=None
        )
        return _attach(message, file)


def chat_close(*, session: ChatSession, actor: User) -> ChatSession:
    """Ends the chat: from now on answers on its ticket go by email with the ticket's link."""
    with transaction.atomic():
        session = _locked(session)
        check_can_work_on(actor, session.ticket)
        if session.status == SessionStatus.CLOSED:
            return session
        session.status, session.ended_at = SessionStatus.CLOSED, timezone.now()
        session.save(update_fields=["status", "ended_at"])
        if _answered(session) and session.ticket.status not in (Status.SOLVED, Status.CLOSED):
            # An answered chat is solved: the surveys app asks the one-click rating.
            ticket_set_status(ticket=session.ticket, status=Status.SOLVED, actor=actor)
        transcript_mail(session)
        chat_publish(event_type=WebhookEvent.CHAT_CLOSED, session=session)
        queue_changed(session)
    return session


def _stop_waiting(session: ChatSession) -> ChatSession:
    """The customer stops waiting (call inside the change's transaction): the chat ends,
    its ticket stays open and is answered another way (the chat adapter routes replies to
    email once the chat is over). Refused once an agent has joined."""
    session = _locked(session)
    _check_waiting(session, taken=gettext("An agent has joined the chat already."))
    session.status, session.ended_at = SessionStatus.CLOSED, timezone.now()
    session.save(update_fields=["status", "ended_at"])
    chat_publish(event_type=WebhookEvent.CHAT_CLOSED, session=session)
    queue_changed(session)
    return session


def chat_leave(*, session: ChatSession) -> str:
    """The customer leaves the question with us, answered by email. Returns when a person
    will answer, as the customer was told by mail."""
    with transaction.atomic():
        return left_mail(_stop_waiting(session))


def chat_callback(*, session: ChatSession, phone: str) -> Callback:
    """The customer would rather be called: a callback as soon as possible on the chat's
    ticket (the phone channel's promise, kept, retried and escalated like any other), their
    number tied to them, and the chat ends. A bad number is refused before anything is
    written, so the chat waits on."""
    if not callbacks_offered():
        raise ApplicationError(gettext("This desk does not call back."), code="callbacks_off")
    number = normalize_phone(phone, default_region=settings.REALDESK_DEFAULT_PHONE_REGION)
    with transaction.atomic():
        session = _stop_waiting(session)
        customer_identities_tie(
            customer=session.customer, identities=[(IdentityKind.PHONE, number)]
        )
        # In the thread too, as the customer's words: what the agent reads on the ticket,
        # and the customer in the support center, so in the customer's language.
        with translation.override(mail_language(session.customer, ticket=session.ticket)):
            asked = gettext("Please call me back on %(number)s.") % {"number": number}
        message_receive(
            ticket=session.ticket, customer=session.customer, body_text=asked, channel=Channel.CHAT
        )
        return callback_create(ticket=session.ticket, phone=number, source=CallbackSource.CHAT)


def _answered(session: ChatSession) -> bool:
    return session.ticket.messages.filter(
        direction=Direction.OUTBOUND, created_at__gte=session.started_at
    ).exists()


def chats_check(*, now: datetime) -> int:
    """The periodic look at the queue: a chat unanswered past the alert delay tells the
    team once; one nobody accepted within the give-up delay ends and becomes an email
    ticket, with an apology and when a person will answer. Returns how many changed."""
    changed = 0
    alert_before = now - timedelta(seconds=settings.REALDESK_CHAT_ALERT_SECONDS)
    for session in unalerted_waiting(started_before=alert_before):
        changed += _alert(session, now=now)
    give_up_before = now - timedelta(seconds=settings.REALDESK_CHAT_GIVE_UP_SECONDS)
    for session in waiting(started_before=give_up_before):
        changed += _give_up(session, now=now)
    return changed


def _alert(session: ChatSession, *, now: datetime) -> int:
    with transaction.atomic():
        won = ChatSession.objects.filter(
            pk=session.pk, status=SessionStatus.WAITING, alerted_at__isnull=True
        ).update(alerted_at=now)
        if won:
            waited = int((now - session.started_at).total_seconds())
            notify_agents(
                agents=[*leads_of(session.ticket.team_id), *available_agents()],
                notice=lambda: AgentNotice(
                    subject=gettext("Chat waiting %(seconds)s s: %(subject)s")
                    % {"seconds": waited, "subject": session.ticket.subject},
                    body=gettext(
                        "A customer has waited %(seconds)s seconds in the chat queue. "
                        "Accept it in the chats view."
                    )
                    % {"seconds": waited},
                ),
                ticket_number=session.ticket.number,
            )
    return won


def _give_up(session: ChatSession, *, now: datetime) -> int:
    with transaction.atomic():
        won = ChatSession.objects.filter(pk=session.pk, status=SessionStatus.WAITING).update(
            status=SessionStatus.CLOSED, ended_at=now
        )
        if won:
            session.refresh_from_db()
            apology_mail(session)
            chat_publish(event_type=WebhookEvent.CHAT_CLOSED, session=session)
        queue_changed(session)
    return won
