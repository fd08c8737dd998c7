"""Resolving ids in request bodies, so a wrong one is a 422 that names its field."""

from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from realdesk.api.v1.errors import FieldError


def lookup(
    queryset: QuerySet, value: int | str | None, *, field: str, key: str = "pk"
) -> Model | None:
    """The row whose key (the id, or a slug) is this value, None for a null value,
    FieldError for a value that names nothing."""
    if value is None:
        return None
    found = queryset.filter(**{key: value}).first()
    if found is None:
        name = "id" if key == "pk" else key
        # No model name in the sentence: "No user", "Kein Benutzer", "Aucun utilisateur"
        # agree with the noun, and `field` already says what was looked up.
        raise FieldError(
            field, gettext("Nothing has %(key)s %(value)s.") % {"key": name, "value": value}
        )
    return found
