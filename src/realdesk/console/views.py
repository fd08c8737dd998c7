"""Agent console views: validate, call a selector or an action, render."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from realdesk.console.forms import AgentLoginForm
from realdesk.tickets import selectors
from realdesk.tickets.models import Ticket

PAGE_SIZE = 50


class AgentLoginView(auth_views.LoginView):
    template_name = "console/login.html"
    authentication_form = AgentLoginForm
    redirect_authenticated_user = True


class AgentLogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request):
    page = Paginator(selectors.ticket_list(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "console/home.html", {"page": page})


@login_required
def ticket_detail(request, number: int):
    try:
        ticket = selectors.ticket_get(actor=request.user, number=number)
    except Ticket.DoesNotExist:
        raise Http404("No such ticket") from None
    context = {
        "ticket": ticket,
        "messages_": selectors.ticket_timeline(ticket=ticket),
        "events": selectors.ticket_history(ticket=ticket),
        "identities": ticket.customer.identities.all(),
        "other_tickets": selectors.customer_other_tickets(actor=request.user, ticket=ticket)[:20],
    }
    return render(request, "console/ticket.html", context)
