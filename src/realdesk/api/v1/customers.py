"""/customers: read by any agent; editors may tie another address to a customer."""

from django.http import HttpRequest
from ninja import Query, Router, Status

from realdesk.accounts.actions import customer_identity_add
from realdesk.api.selectors import customer_list
from realdesk.api.v1.auth import require_editor
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.pagination import Page, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.people import CustomerFilters, CustomerOut, IdentityIn, IdentityOut

router = Router(tags=["customers"])


@router.get("/customers", response=with_errors({200: Page[CustomerOut]}))
def list_customers(request: HttpRequest, filters: Query[CustomerFilters]):
    customers = customer_list(text=filters.q, organization=filters.organization)
    return keyset_page(customers, params=filters)


@router.get("/customers/{customer_id}", response=with_errors({200: CustomerOut}))
def get_customer(request: HttpRequest, customer_id: Id):
    return customer_list().get(pk=customer_id)


@router.post(
    "/customers/{customer_id}/identities",
    response=with_errors({201: IdentityOut}),
)
def add_identity(request: HttpRequest, customer_id: Id, payload: IdentityIn):
    """Another address of the customer; one that belongs to someone else is refused."""
    require_editor(request.auth)
    customer = customer_list().get(pk=customer_id)
    return Status(201, customer_identity_add(customer=customer, **payload.dict()))
