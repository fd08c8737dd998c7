"""A whole page refused: the console's error page (menu, heading, the reason, a way back),
never the bare fragment htmx swaps into a page already shown (`console/_error.html`)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from realdesk.core.errors import PermissionDeniedError


def refused_page(request: HttpRequest, error: PermissionDeniedError) -> HttpResponse:
    context = {"status": 403, "message": error.message}
    return render(request, "console/error.html", context, status=403)
