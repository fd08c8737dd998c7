"""JSON for API responses, written by orjson.

Django's encoder formats every datetime in Python (a page of 50 tickets has about 300),
which was a tenth of a list request's CPU. orjson writes them natively, in the form the
webhooks already use (pydantic's): RFC 3339 in UTC with microseconds and a Z. Anything it
does not know (lazy translations, Decimal, pydantic models) goes to ninja's encoder.
"""

from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_fallback = NinjaJSONEncoder().default


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=_fallback, option=orjson.OPT_UTC_Z)
