"""Pieces every resource's schemas share."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import ConfigDict

# Ids and numbers a client sends: anything past a 64-bit column is refused as input
# rather than overflowing in the database.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Input(Schema):
    """Request bodies reject unknown fields by name: a field an integrator must not set
    (number, owner, created_at...) is a 422, never silently dropped or, worse, applied."""

    model_config = ConfigDict(extra="forbid")


class Ref(Schema):
    """Another object as it appears inside this one: enough to show it and to look it up."""

    id: int
    name: str
