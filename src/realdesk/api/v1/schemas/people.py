"""Customers, their identities, organisations, agents and teams as the API shows them."""

from datetime import datetime

from ninja import Field, Schema

from realdesk.accounts.choices import CustomerTier, IdentityKind, Role
from realdesk.api.v1.pagination import PageParams
from realdesk.api.v1.schemas.common import Id, Input, Out, Ref, Text


class IdentityIn(Input):
    kind: IdentityKind
    value: Text = Field(min_length=1, max_length=320)


class IdentityOut(Schema):
    kind: IdentityKind
    value: str
    verified: bool = Field(
        description="Whether the address signs in to the support center: it made the "
        "customer, or the customer confirmed it. Addresses staff add start unverified."
    )

    @staticmethod
    def resolve_verified(identity) -> bool:
        return identity.verified_at is not None


class CustomerOut(Schema):
    id: int
    name: str
    language: str
    tier: CustomerTier
    organization: Ref | None
    identities: list[IdentityOut]
    created_at: datetime


class CustomerFilters(PageParams):
    q: Text = Field("", description="Part of the name or of any address.")
    organization: Id | None = None


class OrganizationOut(Schema):
    id: int
    name: str
    created_at: datetime


class AgentRef(Out):
    id: int
    name: str
    email: str


class AgentOut(Schema):
    id: int
    name: str
    email: str
    role: Role
    is_active: bool
    teams: list[Ref]


class AgentFilters(PageParams):
    team: Id | None = None


class TeamOut(Schema):
    id: int
    name: str
    members: list[AgentRef]
