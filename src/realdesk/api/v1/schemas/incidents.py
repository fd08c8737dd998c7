"""Incidents, their updates and linked tickets as the API shows and accepts them."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from realdesk.api.v1.pagination import PageParams
from realdesk.api.v1.schemas.common import Id, Input, Instant, Out, Text
from realdesk.incidents.choices import Impact, IncidentKind, IncidentStatus

Translations = dict[
    Annotated[str, Field(pattern=r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$")],
    Annotated[Text, Field(max_length=10_000)],
]


# ninja's Schema (not the plain `Out`): incidents carry related managers (components, updates).
class ComponentOut(Schema):
    id: int
    name: str


class UpdateOut(Schema):
    id: int
    status: IncidentStatus
    body: str
    body_translations: dict[str, str]
    customers_notified: int
    created_at: datetime


class IncidentOut(Schema):
    id: int
    kind: IncidentKind
    title: str
    title_translations: dict[str, str]
    impact: Impact
    status: IncidentStatus
    components: list[ComponentOut]
    keywords: str
    scheduled_for: datetime | None
    scheduled_until: datetime | None
    started_at: datetime
    resolved_at: datetime | None
    updates: list[UpdateOut]


class IncidentFilters(PageParams):
    state: Literal["open", "resolved"] | None = Field(
        None, description="Open (any status but resolved) or resolved incidents only."
    )


class IncidentCreate(Input):
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    body: Annotated[Text, Field(min_length=1, max_length=10_000, description="The first update.")]
    kind: IncidentKind = IncidentKind.INCIDENT
    impact: Impact = Impact.MINOR
    component_ids: list[Id] = []
    keywords: Annotated[Text, Field(max_length=2000)] = Field(
        "", description="One phrase a line; new tickets containing one are linked."
    )
    title_translations: Translations = {}
    body_translations: Translations = {}
    scheduled_for: Instant | None = None
    scheduled_until: Instant | None = None


class UpdateIn(Input):
    status: IncidentStatus
    body: Annotated[Text, Field(min_length=1, max_length=10_000)]
    body_translations: Translations = {}
    impact: Impact | None = None
    notify_customers: bool = Field(True, description="Mail every linked customer (once each).")
    solve_message: Annotated[Text, Field(max_length=10_000)] = Field(
        "",
        description="With status `resolved`: also reply this to every open linked ticket "
        "and solve it.",
    )


class LinkIn(Input):
    ticket_numbers: Annotated[list[Id], Field(min_length=1, max_length=500)]


class LinkedTicketOut(Out):
    number: int
    subject: str
    status: str
    customer_id: int
