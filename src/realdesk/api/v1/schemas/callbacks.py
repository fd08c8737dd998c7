"""Callbacks as the API shows them, and the outcome of one try."""

from datetime import datetime

from ninja import Field, Schema

from realdesk.api.v1.pagination import PageParams
from realdesk.voice.choices import CallbackOutcome, CallbackSource, CallbackStatus
from realdesk.voice.models import Callback


class CallbackOut(Schema):
    id: int
    ticket: int = Field(description="The ticket's number.")
    phone: str = Field(description="E.164.")
    source: CallbackSource
    status: CallbackStatus
    asap: bool
    window_start: datetime
    window_end: datetime
    attempts: int
    next_try_at: datetime
    missed_at: datetime | None

    @staticmethod
    def resolve_ticket(obj: Callback) -> int:
        return obj.ticket.number


class CallbackFilters(PageParams):
    status: CallbackStatus | None = None


class OutcomeIn(Schema):
    outcome: CallbackOutcome
