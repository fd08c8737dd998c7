"""/customers: the customers the caller may see (those with a ticket they may see; every
customer for leads and admins); editors may tie another address to one, unverified until
the customer confirms it."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from realdesk.api.selectors import customer_list
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.pagination import Page, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.people import CustomerFilters, CustomerOut, IdentityIn, IdentityOut
from realdesk.portal_access.addresses import customer_address_add

router = Router(tags=["customers"])


@router.get("/customers", response=with_errors({200: Page[CustomerOut]}))
def list_customers(request: HttpRequest, filters: Query[CustomerFilters]):
    customers = customer_list(actor=request.auth, text=filters.q, organization=filters.organization)
    return keyset_page(customers, params=filters)


@router.get("/customers/{customer_id}", response=with_errors({200: CustomerOut}))
def get_customer(request: HttpRequest, customer_id: Id):
    return customer_list(actor=request.auth).get(pk=customer_id)


@router.post(
    "/customers/{customer_id}/identities",
    response=with_errors({201: IdentityOut}),
)
def add_identity(request: HttpRequest, customer_id: Id, payload: IdentityIn):
    """Another address of the customer, `verified: false` until the customer confirms it
    by the link mailed to it; one that belongs to someone else is refused."""
    customer = customer_list(actor=request.auth).get(pk=customer_id)
    address = customer_address_add(actor=request.auth, customer=customer, **payload.dict())
    return Status(201, address)
