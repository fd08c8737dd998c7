"""Asking for help: the request form with suggestions beside it, and callback requests."""

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from realdesk.portal.forms import CallbackForm, RequestForm, run_or_explain
from realdesk.portal.rendering import page
from realdesk.portal.session import browser_zone, portal_language
from realdesk.portal_access.requests import callback_request, web_request_submit
from realdesk.tickets.models import Ticket

DONE_SALT = "realdesk.portal.request-done"
DONE_FOR_SECONDS = 3600


@require_http_methods(["GET", "POST"])
def request_new(request):
    language = portal_language(request)
    form = RequestForm(request.POST or None, request.FILES or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_or_explain(
            form,
            web_request_submit,
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            description=data["description"],
            language=data["language"],
            uploads=data["attachments"],
            browser_zone=browser_zone(request),
        )
        if done:
            value = signing.dumps(
                {"t": done.ticket.pk, "h": done.handler, "w": done.eta_text}, salt=DONE_SALT
            )
            return redirect("portal:request_done", value=value)
    status = 400 if form.errors else 200
    return page(request, "portal/request_new.html", {"form": form}, status=status)


@require_GET
def request_done(request, value: str):
    """The confirmation, reachable only from the signed link the form redirected to."""
    try:
        done = signing.loads(value, salt=DONE_SALT, max_age=DONE_FOR_SECONDS)
        ticket = Ticket.objects.get(pk=done["t"])
    except (signing.BadSignature, Ticket.DoesNotExist, KeyError, TypeError):
        raise Http404("Not found") from None
    return page(
        request,
        "portal/request_done.html",
        {"ticket": ticket, "handler": done["h"], "eta_text": done["w"]},
    )


@require_http_methods(["GET", "POST"])
def callback(request):
    form = CallbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticket = run_or_explain(
            form,
            callback_request,
            name=data["name"],
            phone=data["phone"],
            window=data["window"],
            language=portal_language(request),
        )
        if ticket:
            return page(request, "portal/callback_done.html", {"ticket": ticket})
    status = 400 if form.errors else 200
    return page(request, "portal/callback.html", {"form": form}, status=status)
