"""/organizations: the companies customers belong to (read), those of customers the caller
may see."""

from django.http import HttpRequest
from ninja import Query, Router

from realdesk.api.selectors import organization_list
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.pagination import Page, PageParams, keyset_page
from realdesk.api.v1.schemas.common import Id
from realdesk.api.v1.schemas.people import OrganizationOut

router = Router(tags=["organizations"])


@router.get("/organizations", response=with_errors({200: Page[OrganizationOut]}))
def list_organizations(request: HttpRequest, params: Query[PageParams]):
    return keyset_page(organization_list(actor=request.auth), params=params)


@router.get(
    "/organizations/{organization_id}",
    response=with_errors({200: OrganizationOut}),
)
def get_organization(request: HttpRequest, organization_id: Id):
    return organization_list(actor=request.auth).get(pk=organization_id)
