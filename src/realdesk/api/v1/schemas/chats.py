"""Chats as the API shows them, and what an agent sends to them."""

from datetime import datetime

from ninja import Field, Schema

from realdesk.api.v1.pagination import PageParams
from realdesk.chat.choices import Availability, SessionStatus
from realdesk.chat.models import ChatSession


class ChatOut(Schema):
    id: int
    status: SessionStatus
    ticket: int = Field(description="The ticket's number.")
    customer_id: int
    agent_id: int | None
    started_at: datetime
    accepted_at: datetime | None
    ended_at: datetime | None

    @staticmethod
    def resolve_ticket(obj: ChatSession) -> int:
        return obj.ticket.number


class ChatFilters(PageParams):
    status: SessionStatus | None = None


class ChatMessageIn(Schema):
    body_text: str


class ChatTransferIn(Schema):
    agent_id: int
    note: str = Field(description="The handoff note the next agent reads first (required).")


class AvailabilityIn(Schema):
    state: Availability


class AvailabilityOut(Schema):
    state: Availability
    seen_at: datetime
