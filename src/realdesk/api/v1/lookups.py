"""Resolving ids in request bodies, so a wrong one is a 422 that names its field."""

from django.db.models import Model, QuerySet

from realdesk.api.v1.errors import FieldError


def lookup(queryset: QuerySet, pk: int | None, *, field: str) -> Model | None:
    """The row with this id, None for a null id, FieldError for an id that does not exist."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise FieldError(field, f"No {queryset.model._meta.verbose_name} with id {pk}.")
    return found
