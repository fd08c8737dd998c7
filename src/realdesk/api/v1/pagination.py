"""Keyset pagination with opaque cursors.

A page continues after the last key the client saw, not at an offset, so rows inserted
between two fetches never shift the pages: nothing is repeated and nothing is skipped.
The cursor is signed, so a client cannot forge one and a damaged one is a clear 422.
"""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core import signing
from django.db.models import Model, QuerySet
from django.utils.translation import gettext
from ninja import Field, Schema

from realdesk.api.v1.errors import FieldError

T = TypeVar("T")
SALT = "realdesk.api.cursor"


class PageParams(Schema):
    cursor: str | None = Field(None, description="`next_cursor` of the previous page.")
    limit: int = Field(50, ge=1, le=200, description="Items per page.")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


def keyset_page(
    queryset: QuerySet,
    *,
    params: PageParams,
    key: str = "pk",
    descending: bool = False,
    rows: Callable[[QuerySet], list[dict]] | None = None,
) -> dict[str, Any]:
    """One page of the queryset ordered by a unique key, after the cursor's position.

    `rows` reads the page as plain dicts (which must carry the key) instead of instances.
    """
    if params.cursor:
        try:
            after = signing.loads(params.cursor, salt=SALT)["after"]
        except (signing.BadSignature, KeyError, TypeError):
            raise FieldError(
                "cursor", gettext("Not a cursor from this API; start again without one.")
            ) from None
        queryset = queryset.filter(**{f"{key}__{'lt' if descending else 'gt'}": after})
    window = queryset.order_by(f"-{key}" if descending else key)[: params.limit + 1]
    items: list[Model] | list[dict] = list(window) if rows is None else rows(window)
    more = len(items) > params.limit
    items = items[: params.limit]
    if not more:
        return {"items": items, "next_cursor": None}
    last = items[-1][key] if rows is not None else getattr(items[-1], key)
    return {"items": items, "next_cursor": signing.dumps({"after": last}, salt=SALT)}
