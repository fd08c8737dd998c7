"""Every failure leaves the API in one JSON shape, mapped here and nowhere else:

{"error": {"code": "machine_readable", "message": "For a person.", "fields": {...}}}

That includes what Django would otherwise answer in HTML: a body over the upload limits,
a path or method the API does not have (see urls.py).
"""

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from realdesk.core.errors import ApplicationError, PermissionDeniedError

ERROR_STATUSES = (400, 401, 403, 404, 413, 422, 429)


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorOut(Schema):
    error: ErrorDetail


class FieldError(Exception):
    """Input that is well-formed but names something that does not exist, say."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.fields = {field: message}


class ScopeError(PermissionDeniedError):
    def __init__(self):
        super().__init__(gettext("This token has the read scope; writing needs a write token."))
        self.code = "insufficient_scope"


class RateLimitedError(Exception):
    def __init__(self, retry_after: int):
        super().__init__(gettext("Too many requests."))
        self.retry_after = retry_after


def with_errors(success: dict[int, type]) -> dict[int, type]:
    """An operation's responses: its success and the one error shape for each failure."""
    return {**success, **dict.fromkeys(ERROR_STATUSES, ErrorOut)}


def _field_name(location: tuple) -> str:
    """("body", "payload", "status") -> "status"; ("query", "limit") -> "limit"."""
    source, *path = location
    if source == "body" and len(path) > 1:
        path = path[1:]
    return ".".join(str(part) for part in path) or source


def _field_message(error: dict) -> str:
    """pydantic's message in the caller's language where we know its kind, else as written."""
    known = {
        "missing": gettext("Field required."),
        "int_parsing": gettext("Give a whole number."),
        "int_type": gettext("Give a whole number."),
        "string_type": gettext("Give a text."),
        "bool_type": gettext("Give true or false."),
        "bool_parsing": gettext("Give true or false."),
    }
    return known.get(error.get("type", ""), error["msg"])


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, fields=None
) -> HttpResponse:
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request, status, code, message, fields=None) -> HttpResponse:
        return error_response(api, request, status, code, message, fields)

    def application(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        status = 403 if isinstance(exc, PermissionDeniedError) else 400
        return respond(request, status, exc.code, exc.message, exc.extra.get("fields"))

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, "not_found", gettext("Not found."))

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = {_field_name(tuple(e["loc"])): _field_message(e) for e in exc.errors}
        listed = "; ".join(f"{k}: {v}" for k, v in fields.items())
        message = gettext("Invalid input: %(fields)s") % {"fields": listed}
        return respond(request, 422, "validation_error", message, fields)

    def field(request: HttpRequest, exc: FieldError) -> HttpResponse:
        return respond(request, 422, "validation_error", str(exc), exc.fields)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = gettext("Send a valid token: Authorization: Bearer rdk_...")
        response = respond(request, 401, "not_authenticated", message)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = "csrf_failed" if exc.status_code == 403 else "bad_request"
        message = str(exc)
        if isinstance(exc.__cause__, ValueError):  # ninja could not parse the body
            message = gettext("The request body is not valid JSON: %(error)s.") % {
                "error": exc.__cause__
            }
        return respond(request, exc.status_code, code, message)

    def too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = (
            gettext("The request body is larger than %(limit)s bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
            if isinstance(exc, RequestDataTooBig)
            else gettext("The request body has too many fields or files.")
        )
        return respond(request, 413, "too_large", message)

    def rate_limited(request: HttpRequest, exc: RateLimitedError) -> HttpResponse:
        message = gettext("Too many requests; try again in %(seconds)s s.") % {
            "seconds": exc.retry_after
        }
        response = respond(request, 429, "rate_limited", message)
        response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(ApplicationError, application)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(FieldError, field)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http)
    api.add_exception_handler(RateLimitedError, rate_limited)
    for oversized in (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
        api.add_exception_handler(oversized, too_large)
