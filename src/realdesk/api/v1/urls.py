"""Mounted at /api/v1/ by the project URLconf; the namespace is what ninja reverses.

ninja answers a method a path does not have in plain text, and Django a path nobody
serves in HTML: here both answer in the API's one error shape.
"""

from functools import wraps

from django.urls import re_path
from django.utils.translation import gettext

from realdesk.api.v1.api import api
from realdesk.api.v1.errors import error_response

_patterns, _, app_name = api.urls


def _json_not_allowed(view):
    @wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself, for session callers only
    def answered(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        message = f"{request.method} is not allowed here; use {response['Allow']}."
        refused = error_response(api, request, 405, "method_not_allowed", message)
        refused["Allow"] = response["Allow"]
        return refused

    return answered


def _unknown_path(request, rest: str):
    return error_response(api, request, 404, "not_found", gettext("Not found."))


for _pattern in _patterns:
    _pattern.callback = _json_not_allowed(_pattern.callback)

urlpatterns = [*_patterns, re_path(r"^(?P<rest>.*)$", _unknown_path)]
