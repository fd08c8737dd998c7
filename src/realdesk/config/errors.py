"""Error pages: whoever reaches one still sees where they are and how to go on.

Django's own 404/403/500/CSRF pages are bare text with no way back. Here each area
answers in its own look: the API in its JSON error shape, the console with its menu, the
support center with its contact block (a customer who hit a dead end needs the phone
number most). The 500 page must not fail in turn, so it drops whatever needs the
database when the database is what broke.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from realdesk.portal.rendering import page as portal_page

logger = logging.getLogger(__name__)
StrOrPromise = str | Promise


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "bad_request", _("That request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "forbidden", _("You don't have access to this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "not_found", _("We couldn't find that page. It may have moved."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        "server_error",
        _("Something went wrong on our side. It is logged; please try again in a minute."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page expired, or with cookies blocked: nothing was saved."""
    return _error(
        request,
        403,
        "csrf_failed",
        _(
            "This form had expired, so nothing was saved. Go back, reload the page and "
            "send it again (RealDesk needs cookies to keep your form safe)."
        ),
    )


def _error(request: HttpRequest, status: int, code: str, message: StrOrPromise) -> HttpResponse:
    path = request.path
    if path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    context = {"status": status, "message": message}
    if path.startswith(("/agent/", "/admin/")):
        return render(request, "console/error.html", context, status=status)
    try:
        return portal_page(request, "portal/error.html", context, status=status)
    except Exception:
        if status != 500:
            raise
        logger.exception("the support center's error page fell back to its plain form")
        return render(request, "portal/error.html", context, status=status)
