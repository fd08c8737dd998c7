"""/tickets: list, open on a customer's behalf, read, update, assign, reply, note.

Every read goes through the actor-scoped selectors, so a ticket the caller may not see
is a 404 exactly like a missing one; every write is one of the ticket actions.
"""

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Status

from realdesk.accounts.actions import customer_identify
from realdesk.accounts.models import Customer, User
from realdesk.api.selectors import (
    agent_list,
    customer_list,
    team_list,
    ticket_detail,
    ticket_filtered,
    ticket_row,
    ticket_rows,
)
from realdesk.api.v1.auth import require_editor
from realdesk.api.v1.errors import FieldError, with_errors
from realdesk.api.v1.lookups import lookup
from realdesk.api.v1.pagination import Page, PageParams, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.tickets import (
    AssignIn,
    MessageOut,
    NoteIn,
    ReplyIn,
    TicketCreate,
    TicketDetail,
    TicketFilters,
    TicketOut,
    TicketUpdate,
)
from realdesk.core.errors import ApplicationError
from realdesk.tickets import actions, selectors

router = Router(tags=["tickets"])


@router.get("/tickets", response=with_errors({200: Page[TicketOut]}))
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]):
    """Tickets the caller may see, newest first (`order=number`: oldest first)."""
    tickets = ticket_filtered(
        actor=request.auth, **filters.dict(exclude={"cursor", "limit", "order"})
    )
    return keyset_page(
        tickets,
        params=filters,
        key="number",
        descending=filters.order == "-number",
        rows=ticket_rows,
    )


def _customer(payload: TicketCreate, *, actor: User) -> Customer:
    if (payload.customer_id is None) == (payload.identity is None):
        raise FieldError("customer_id", gettext("Give exactly one of customer_id and identity."))
    if payload.identity is None:
        return lookup(customer_list(actor=actor), payload.customer_id, field="customer_id")
    try:
        return customer_identify(**payload.identity.dict())
    except ApplicationError as error:
        raise FieldError("identity.value", error.message) from None


@router.post("/tickets", response=with_errors({201: TicketDetail}))
def create_ticket(request: HttpRequest, payload: TicketCreate):
    """Open a ticket for a customer (a call, a letter); the words are the customer's."""
    require_editor(request.auth)
    with transaction.atomic():  # a refused ticket leaves no new customer behind
        message = actions.ticket_open_message(
            customer=_customer(payload, actor=request.auth),
            subject=payload.subject,
            body_text=payload.body_text,
            channel=payload.channel,
            priority=payload.priority,
            team=lookup(team_list(), payload.team_id, field="team_id"),
            opened_by=request.auth,
            savepoint=False,  # any error rolls this whole transaction back
        )
    return Status(201, ticket_detail(message.ticket, opened_with=message))


@router.get("/tickets/{number}", response=with_errors({200: TicketDetail}))
def get_ticket(request: HttpRequest, number: Id):
    return ticket_detail(selectors.ticket_get(actor=request.auth, number=number))


#: Fields that only mean something with another one.
_GOES_WITH = {"note": "owner_id", "open_promises": "status", "release_reason": "status"}


def _changes(payload: TicketUpdate | AssignIn) -> actions.TicketChanges:
    """The payload's fields as the action's changes, ids looked up in the caller's view."""
    given = payload.model_fields_set
    for name, needs in _GOES_WITH.items():
        if name in given and needs not in given:
            raise FieldError(
                name, gettext("%(name)s goes with %(needs)s.") % {"name": name, "needs": needs}
            )
    data = payload.dict(exclude_unset=True)
    if "owner_id" in given:
        data["owner"] = lookup(agent_list(), data.pop("owner_id"), field="owner_id")
    if "team_id" in given:
        data["team"] = lookup(team_list(), data.pop("team_id"), field="team_id")
    return actions.TicketChanges(given=frozenset(data), **data)


@router.patch("/tickets/{number}", response=with_errors({200: TicketOut}))
def update_ticket(request: HttpRequest, number: Id, payload: TicketUpdate):
    """All given fields change or none does (`tickets.actions.ticket_update`)."""
    ticket = selectors.ticket_get(actor=request.auth, number=number)
    changes = _changes(payload)
    return ticket_row(actions.ticket_update(ticket=ticket, changes=changes, actor=request.auth))


@router.post("/tickets/{number}/assign", response=with_errors({200: TicketOut}))
def assign_ticket(request: HttpRequest, number: Id, payload: AssignIn):
    """Give the ticket its one named owner, or none. Taking it from another owner is a
    transfer: the handoff note is required and the customer is told who has it now."""
    ticket = selectors.ticket_get(actor=request.auth, number=number)
    changes = _changes(payload)
    return ticket_row(actions.ticket_update(ticket=ticket, changes=changes, actor=request.auth))


@router.get("/tickets/{number}/messages", response=with_errors({200: Page[MessageOut]}))
def list_messages(request: HttpRequest, number: Id, params: Query[PageParams]):
    """The conversation including internal notes, in the order the messages were stored."""
    ticket = selectors.ticket_get(actor=request.auth, number=number)
    return keyset_page(selectors.ticket_timeline(ticket=ticket), params=params)


@router.post("/tickets/{number}/replies", response=with_errors({201: MessageOut}))
def reply(request: HttpRequest, number: Id, payload: ReplyIn):
    """Answer the customer on the channel they last wrote from."""
    ticket = selectors.ticket_get(actor=request.auth, number=number)
    message = actions.message_send(
        ticket=ticket,
        agent=request.auth,
        body_text=payload.body_text,
        status_after=payload.status_after,
    )
    return Status(201, message)


@router.post("/tickets/{number}/notes", response=with_errors({201: MessageOut}))
def add_note(request: HttpRequest, number: Id, payload: NoteIn):
    ticket = selectors.ticket_get(actor=request.auth, number=number)
    return Status(
        201, actions.note_add(ticket=ticket, agent=request.auth, body_text=payload.body_text)
    )
