"""Tickets and messages as the API shows and accepts them."""

from datetime import datetime

from ninja import Field, Schema

from realdesk.accounts.choices import IdentityKind
from realdesk.api.v1.pagination import PageParams
from realdesk.api.v1.schemas.common import Id, Input, Instant, Out, Ref, Text
from realdesk.api.v1.schemas.people import AgentRef
from realdesk.tickets.choices import Channel, Direction, OpenPromises, Priority, Status
from realdesk.tickets.models import Message

Body = Field(min_length=1, max_length=100_000)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    direction: Direction
    channel: Channel
    author_customer: Ref | None
    author_agent: AgentRef | None
    body_text: str
    body_html: str
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_author_customer(obj: Message) -> dict | None:
        customer = obj.author_customer
        return None if customer is None else {"id": customer.pk, "name": str(customer)}


class TicketOut(Out):
    """Read from plain rows (api.selectors.ticket_rows), not model instances: at list sizes
    building and walking ORM objects cost more than the database."""

    number: int
    subject: str
    status: Status
    priority: Priority
    channel: Channel
    language: str
    customer: Ref
    team: Ref | None
    owner: AgentRef | None
    tags: list[str]
    merged_into: int | None = Field(description="Number of the ticket this one was merged into.")
    follow_up_of: int | None = Field(description="Number of the closed ticket this follows.")
    close_reason: str
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    last_customer_message_at: datetime | None
    last_agent_reply_at: datetime | None
    awaiting_reply_since: datetime | None
    solved_at: datetime | None


class TicketDetail(TicketOut):
    messages: list[MessageOut]
    ccs: list[str] = Field(
        description="Addresses the customer copied; agents' email replies copy them. Read-only."
    )


class TicketFilters(PageParams):
    status: Status | None = None
    priority: Priority | None = None
    team: Id | None = None
    owner: Id | None = None
    channel: Channel | None = None
    tag: Text | None = None
    customer: Id | None = None
    updated_since: Instant | None = None
    order: str = Field("-number", pattern=r"^-?number$", description="`-number`: newest first.")


class NewCustomer(Input):
    """Who the ticket is from, by an address; a new customer is created on first contact."""

    kind: IdentityKind
    value: Text = Field(min_length=1, max_length=320)
    name: Text = Field("", max_length=200)


class TicketCreate(Input):
    """Exactly one of `customer_id` and `identity` says who is asking."""

    customer_id: Id | None = None
    identity: NewCustomer | None = None
    subject: Text = Field("", max_length=255)
    body_text: Text = Body
    channel: Channel = Channel.API
    priority: Priority = Priority.NORMAL
    team_id: Id | None = None


HANDOFF_NOTE = Field("", max_length=2000, description="Required when taking over from someone.")


class TicketUpdate(Input):
    """Only what an agent sets by hand; taking the ticket from another owner is a transfer
    and needs the handoff `note`."""

    status: Status = None
    reason: Text = Field("", max_length=255, description="Why, when solving unanswered.")
    open_promises: OpenPromises = Field(
        None,
        description="When solving a ticket with open promises: `keep` them open (still "
        "tracked) or `release` them (the customer is told `release_reason`).",
    )
    release_reason: Text = Field("", max_length=255, description="Why the promises are released.")
    priority: Priority = None
    owner_id: Id | None = None
    note: Text = HANDOFF_NOTE
    team_id: Id | None = None
    tags: list[str] = Field(None, max_length=50)


class AssignIn(Input):
    owner_id: Id | None
    note: Text = HANDOFF_NOTE


class ReplyIn(Input):
    body_text: Text = Body
    status_after: Status | None = Status.PENDING


class NoteIn(Input):
    body_text: Text = Body
