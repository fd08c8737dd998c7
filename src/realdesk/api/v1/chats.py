"""/chats: live chats on the tickets the caller may see (the waiting longest first), and
the agent's own availability for chat."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from realdesk.api.selectors import agent_list
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.lookups import lookup
from realdesk.api.v1.pagination import Page, keyset_page
from realdesk.api.v1.schemas.chats import (
    AvailabilityIn,
    AvailabilityOut,
    ChatFilters,
    ChatMessageIn,
    ChatOut,
    ChatTransferIn,
)
from realdesk.api.v1.schemas.tickets import MessageOut
from realdesk.chat.actions import (
    availability_set,
    chat_accept,
    chat_close,
    chat_reply,
    chat_transfer,
)
from realdesk.chat.selectors import chat_get, chat_list

router = Router(tags=["chats"])


@router.get("/chats", response=with_errors({200: Page[ChatOut]}))
def list_chats(request: HttpRequest, filters: Query[ChatFilters]):
    """In the order they started: the one waiting longest comes first."""
    return keyset_page(chat_list(actor=request.auth, status=filters.status or ""), params=filters)


@router.post("/chats/{chat_id}/accept", response=with_errors({200: ChatOut}))
def accept_chat(request: HttpRequest, chat_id: int):
    """The first to accept owns the chat and its ticket; anyone later gets `chat_taken`."""
    return chat_accept(session=chat_get(actor=request.auth, pk=chat_id), agent=request.auth)


@router.post("/chats/{chat_id}/messages", response=with_errors({201: MessageOut}))
def send_chat_message(request: HttpRequest, chat_id: int, body: ChatMessageIn):
    session = chat_get(actor=request.auth, pk=chat_id)
    return Status(201, chat_reply(session=session, agent=request.auth, body_text=body.body_text))


@router.post("/chats/{chat_id}/transfer", response=with_errors({200: ChatOut}))
def transfer_chat(request: HttpRequest, chat_id: int, body: ChatTransferIn):
    """To another available agent, with the handoff note (`ticket_transfer`'s): one owner."""
    session = chat_get(actor=request.auth, pk=chat_id)
    agent = lookup(agent_list(), body.agent_id, field="agent_id")
    return chat_transfer(session=session, actor=request.auth, agent=agent, note=body.note)


@router.post("/chats/{chat_id}/close", response=with_errors({200: ChatOut}))
def close_chat(request: HttpRequest, chat_id: int):
    return chat_close(session=chat_get(actor=request.auth, pk=chat_id), actor=request.auth)


@router.put("/agents/me/availability", response=with_errors({200: AvailabilityOut}))
def set_availability(request: HttpRequest, body: AvailabilityIn):
    """available / away / offline; any call here is also a sign of life for auto-away."""
    return availability_set(agent=request.auth, state=body.state)
