"""Sign-in by emailed link, and "My requests": every lookup scoped by the signed-in customer."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from realdesk.core.clients import client_address
from realdesk.core.downloads import download
from realdesk.core.errors import ApplicationError
from realdesk.portal.forms import ReplyForm, SignInForm, run_or_explain
from realdesk.portal.rendering import page, refusal
from realdesk.portal.session import (
    LANGUAGE_KEY,
    customer_required,
    customer_sign_in,
    customer_sign_out,
    local_path,
    portal_language,
    safe_next,
)
from realdesk.portal_access import selectors
from realdesk.portal_access.actions import customer_language_set, signin_redeem, signin_request
from realdesk.portal_access.addresses import address_confirm, address_from_link
from realdesk.portal_access.requests import web_reply
from realdesk.sla.selectors import ticket_open_promises
from realdesk.surveys.actions import rating_is_open, rating_value
from realdesk.surveys.selectors import ticket_open_rating
from realdesk.tickets.actions import ticket_customer_reopen, ticket_customer_solve
from realdesk.tickets.models import Ticket


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signin_request(
                email=form.cleaned_data["email"],
                client=client_address(request),
                next_path=safe_next(request, ""),
            )
        except ApplicationError as error:
            if error.code == "rate_limited":
                return refusal(request, error)
            form.add_error("email", error.message)
        else:
            # The same page whether or not we know the address: nothing to probe.
            return page(request, "portal/sign_in_sent.html", {"email": form.cleaned_data["email"]})
    next_path = safe_next(request, "")
    return page(request, "portal/sign_in.html", {"form": form, "next": next_path})


@require_http_methods(["GET", "POST"])
def signin_link(request, value: str):
    """GET only asks to confirm, so mail scanners that open links do not spend them."""
    if request.method == "GET":
        return page(request, "portal/sign_in_confirm.html")
    try:
        token = signin_redeem(value=value)
    except ApplicationError as error:
        return refusal(request, error)
    customer_sign_in(request, token.customer)
    customer_language_set(
        customer=token.customer,
        language=portal_language(request),
        chosen=LANGUAGE_KEY in request.session,  # picked on our pages, not just the browser's
    )
    return redirect(local_path(request, token.next_path) or "portal:requests")


@require_http_methods(["GET", "POST"])
@customer_required
def confirm_address(request, value: str):
    """An address staff added, confirmed by the customer signed in through one already
    theirs (so a visitor is sent to sign in first). GET only asks, for mail scanners."""
    try:
        if request.method == "GET":
            identity = address_from_link(value=value)
        else:
            identity = address_confirm(value=value, customer=request.customer)
    except ApplicationError as error:
        return refusal(request, error)
    context = {"identity": identity, "confirmed": request.method == "POST"}
    return page(request, "portal/address_confirm.html", context)


@require_POST
def sign_out(request):
    customer_sign_out(request)
    return redirect("portal:home")


@require_GET
@customer_required
def my_requests(request):
    tickets = selectors.customer_tickets(customer=request.customer)
    rows = [(t, selectors.ticket_expected_update(ticket=t)) for t in tickets]
    return page(request, "portal/my_requests.html", {"rows": rows})


def _ticket(request, number: int) -> Ticket:
    try:
        return selectors.customer_ticket_get(customer=request.customer, number=number)
    except Ticket.DoesNotExist:
        raise Http404("Not found") from None


@require_GET
@customer_required
def request_detail(request, number: int):
    return _detail(request, _ticket(request, number), ReplyForm())


def _detail(request, ticket: Ticket, form: ReplyForm, *, status: int = 200):
    rating = ticket_open_rating(ticket=ticket)
    own = ticket.customer_id == request.customer.pk
    return page(
        request,
        "portal/request_detail.html",
        {
            "ticket": ticket,
            "conversation": selectors.customer_conversation(ticket=ticket),
            "expected": selectors.ticket_expected_update(ticket=ticket),
            "form": form,
            "own": own,
            "open_promises": ticket_open_promises(ticket=ticket) if own else [],
            "rating": rating,
            "rating_value": rating_value(rating)
            if rating and own and rating_is_open(rating)
            else "",
        },
        status=status,
    )


@require_POST
@customer_required
def request_reply(request, number: int):
    ticket = _ticket(request, number)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        message = run_or_explain(
            form,
            web_reply,
            ticket=ticket,
            customer=request.customer,
            body_text=form.cleaned_data["body"],
            uploads=form.cleaned_data["attachments"],
        )
        if message:
            return redirect("portal:request", number=message.ticket.number)
    return _detail(request, ticket, form, status=400)


def _status_change(action, *answers: str):
    """A view for the customer's own status change; `answers`: the form's fields the action
    takes (a solve says whether the updates still promised are wanted: `open_promises`)."""

    @require_POST
    @customer_required
    def view(request, number: int):
        ticket = _ticket(request, number)
        given = {name: request.POST.get(name, "") for name in answers}
        try:
            action(ticket=ticket, customer=request.customer, **given)
        except ApplicationError as error:
            return refusal(request, error)
        return redirect("portal:request", number=ticket.number)

    return view


request_solve = _status_change(ticket_customer_solve, "open_promises")
request_reopen = _status_change(ticket_customer_reopen)


@require_GET
@customer_required
def attachment(request, number: int, pk: int):
    try:
        found = selectors.customer_attachment_get(customer=request.customer, number=number, pk=pk)
    except ObjectDoesNotExist:
        raise Http404("Not found") from None
    return download(found.file.open("rb"), filename=found.filename, content_type=found.content_type)
