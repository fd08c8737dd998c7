"""API JSON: instants as RFC 3339 UTC with microseconds, as in the webhooks; the rest intact."""

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, TypeAdapter

from realdesk.api.v1.renderer import OrjsonRenderer


def render(data) -> dict:
    return json.loads(OrjsonRenderer().render(None, data, response_status=200))


def test_instants_are_utc_with_microseconds_and_a_z():
    at = datetime(2026, 12, 1, 9, 30, 5, 123456, tzinfo=UTC)
    whole = datetime(2026, 12, 1, 9, 30, 5, tzinfo=UTC)
    berlin = datetime(2026, 12, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert render({"at": at, "whole": whole, "berlin": berlin}) == {
        "at": "2026-12-01T09:30:05.123456Z",
        "whole": "2026-12-01T09:30:05Z",
        "berlin": "2026-12-01T10:30:00+01:00",
    }
    as_pydantic = TypeAdapter(list[datetime]).dump_python([at, whole], mode="json")  # the webhooks'
    assert [render({"t": t})["t"] for t in (at, whole)] == as_pydantic


def test_types_json_does_not_know_go_through_ninjas_encoder():
    class Point(BaseModel):
        x: int

    data = {"label": gettext_lazy("Open"), "amount": Decimal("1.50"), "point": Point(x=1)}
    assert render(data) == {"label": "Open", "amount": "1.50", "point": {"x": 1}}


def test_an_unknown_object_is_an_error_not_garbage():
    with pytest.raises(TypeError):
        OrjsonRenderer().render(None, {"x": object()}, response_status=200)
