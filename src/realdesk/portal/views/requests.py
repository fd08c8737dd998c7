"""Asking for help: the request form with suggestions beside it, and callback requests."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from realdesk.accounts.models import Customer
from realdesk.portal.forms import CallbackForm, RequestForm, run_or_explain
from realdesk.portal.rendering import page
from realdesk.portal.session import browser_zone, current_customer, portal_language
from realdesk.portal_access.requests import callback_request, web_request_submit
from realdesk.portal_access.selectors import customer_ticket_get
from realdesk.tickets.models import Ticket
from realdesk.voice.selectors import callback_windows, callbacks_offered

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
            language_chosen=data["language"] != language,  # changed from the page's own
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


def _about(request, customer: Customer | None) -> Ticket | None:
    """The signed-in customer's request the callback is about (`?about=` on its page)."""
    number = request.GET.get("about", "")
    if customer is None or not number.isdigit():
        return None
    try:
        return customer_ticket_get(customer=customer, number=int(number))
    except Ticket.DoesNotExist:
        return None


@require_http_methods(["GET", "POST"])
def callback(request):
    if not callbacks_offered():
        raise Http404("This desk does not call back.")
    customer = current_customer(request)
    zone = _zone(request.GET.get("tz", ""))
    windows = callback_windows(now=timezone.now())
    form = CallbackForm(
        request.POST or None, windows=windows, zone=zone, signed_in=customer is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ticket = run_or_explain(
            form,
            callback_request,
            name=data["name"],
            phone=data["phone"],
            window=form.window_label(),
            slot=form.chosen_window(),
            language=portal_language(request),
            email=data.get("email", ""),
            customer=customer,
            about=_about(request, customer),
        )
        if ticket:
            context = {"ticket": ticket, "window": form.window_label()}
            return page(request, "portal/callback_done.html", context)
    status = 400 if form.errors else 200
    return page(request, "portal/callback.html", {"form": form}, status=status)


def _zone(name: str) -> ZoneInfo:
    """The zone the customer reads times in (?tz=Europe/Berlin), else the desk's own."""
    try:
        return ZoneInfo(name) if name else ZoneInfo(settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)
