"""A whole page refused: the console's error page (menu, heading, the reason, a way back),
never the bare fragment htmx swaps into a page already shown (`console/_error.html`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from realdesk.core.errors import ApplicationError, PermissionDeniedError


def refused_page(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    status = 403 if isinstance(error, PermissionDeniedError) else 400
    context = {"status": status, "message": error.message}
    return render(request, "console/error.html", context, status=status)
