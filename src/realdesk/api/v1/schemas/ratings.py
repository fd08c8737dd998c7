"""Satisfaction ratings as the API shows them (read only: only customers rate)."""

from datetime import datetime

from ninja import Field, Schema

from realdesk.api.v1.pagination import PageParams
from realdesk.api.v1.schemas.common import Id, Instant, Ref
from realdesk.surveys.choices import Score
from realdesk.surveys.models import Rating


class RatingOut(Schema):
    id: int
    ticket: int = Field(description="The ticket's number.")
    customer: Ref
    score: Score
    comment: str
    asked_at: datetime
    rated_at: datetime | None

    @staticmethod
    def resolve_ticket(obj: Rating) -> int:
        return obj.ticket.number

    @staticmethod
    def resolve_customer(obj: Rating) -> dict:
        return {"id": obj.customer_id, "name": str(obj.customer)}


class RatingFilters(PageParams):
    ticket: Id | None = Field(None, description="A ticket's number.")
    score: Score | None = None
    since: Instant | None = Field(None, description="Rated at or after (ISO 8601).")
