"""/ratings: what customers said about solved tickets, on the tickets the caller may see."""

from django.http import HttpRequest
from ninja import Query, Router

from realdesk.api.selectors import rating_filtered
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.pagination import Page, PageParams, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.ratings import RatingFilters, RatingOut
from realdesk.tickets.selectors import ticket_get

router = Router(tags=["ratings"])


@router.get("/ratings", response=with_errors({200: Page[RatingOut]}))
def list_ratings(request: HttpRequest, filters: Query[RatingFilters]):
    """Given ratings, newest first."""
    ratings = rating_filtered(actor=request.auth, **filters.dict(exclude={"cursor", "limit"}))
    return keyset_page(ratings, params=filters, descending=True)


@router.get("/tickets/{number}/ratings", response=with_errors({200: Page[RatingOut]}))
def list_ticket_ratings(request: HttpRequest, number: Id, params: Query[PageParams]):
    """One rating per solve the customer answered; a ticket you may not see is a 404."""
    ticket = ticket_get(actor=request.auth, number=number)
    return keyset_page(
        rating_filtered(actor=request.auth, ticket=ticket.number), params=params, descending=True
    )
