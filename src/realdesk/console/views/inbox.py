from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from realdesk.console.bulk import BulkForm
from realdesk.console.inbox_forms import InboxFilterForm, SavedViewForm
from realdesk.core.errors import ApplicationError
from realdesk.sla.selectors import sla_summaries
from realdesk.tickets import inbox
from realdesk.workspace import actions as workspace_actions
from realdesk.workspace.selectors import saved_views

FILTER_PARAMS = ("q", "status", "priority", "team", "owner", "channel", "tag", "language")


@login_required
def home(request):
    """The hub is the Unanswered view: the customers waiting longest come first."""
    return view_tickets(request, slug="unanswered")


@login_required
def view_tickets(request, slug: str):
    view = inbox.inbox_view(slug)
    if view is None:
        raise Http404("No such view")
    form = InboxFilterForm(request.GET, actor=request.user)
    status, page = 200, inbox.InboxPage(tickets=[], next_cursor=None)
    if form.is_valid():
        try:
            page = inbox.inbox_page(
                actor=request.user,
                view=view,
                filters=form.filters(),
                cursor=request.GET.get("after", ""),
                size=inbox.PAGE_SIZE,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
    if form.errors:
        status = 400
    summaries = sla_summaries(ticket_ids=[ticket.pk for ticket in page.tickets])
    now = timezone.now()
    for ticket in page.tickets:
        ticket.sla = summaries.get(ticket.pk)
        if view.column:
            ticket.column_time = getattr(ticket, view.column[1])
            ticket.column_overdue = ticket.column_time is not None and ticket.column_time < now
    query = urlencode([(k, v) for k, v in request.GET.items() if k in FILTER_PARAMS and v])
    context = {
        "view": view,
        "page": page,
        "form": form,
        "query": query,
        "active_filters": sum(1 for k in FILTER_PARAMS[1:] if request.GET.get(k)),
        "save_form": SavedViewForm(initial={"view": slug, "query": query}),
        "bulk_form": BulkForm(actor=request.user, auto_id="bulk-%s"),
        **_nav(request, current=slug, counted=False),
    }
    return render(request, "console/inbox.html", context, status=status)


def _nav(request, *, current: str, counted: bool) -> dict:
    """The views list; the page leaves the counts to a request of their own, made as soon
    as it has loaded, so a large table never slows the list the agent is waiting for."""
    counts = inbox.inbox_counts(actor=request.user) if counted else {}
    return {
        "nav": [{"view": view, "count": counts.get(view.slug)} for view in inbox.inbox_views()],
        "current": current,
        "counted": counted,
        "saved": saved_views(agent=request.user),
    }


@login_required
def view_counts(request):
    """The views list with fresh counts, fetched and then polled by the page."""
    current = request.GET.get("current", "")
    return render(
        request, "console/inbox.html#view-nav", _nav(request, current=current, counted=True)
    )


@login_required
@require_POST
def saved_view_create(request):
    form = SavedViewForm(request.POST)
    if not form.is_valid() or inbox.inbox_view(form.cleaned_data["view"]) is None:
        messages.error(request, _("Give the view a name."))
        return redirect("console:home")
    data = form.cleaned_data
    try:
        workspace_actions.saved_view_create(
            agent=request.user, name=data["name"], view=data["view"], query=data["query"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved “%(name)s”.") % {"name": data["name"]})
    return redirect(f"{reverse('console:view', args=[data['view']])}?{data['query']}")


@login_required
@require_POST
def saved_view_delete(request, pk: int):
    try:
        workspace_actions.saved_view_delete(agent=request.user, pk=pk)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("console:home")


@login_required
@require_POST
def bulk(request):
    """One change to the selected tickets; each refusal is reported with its ticket."""
    form = BulkForm(request.POST, actor=request.user)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("console:home")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    result = form.perform()
    if result.done:
        label = dict(BulkForm.ACTIONS)[form.cleaned_data["action"]]
        numbers = ", ".join(f"#{number}" for number in result.done)
        messages.success(
            request,
            _("%(action)s: done on %(count)s (%(numbers)s).")
            % {"action": label, "count": len(result.done), "numbers": numbers},
        )
    for number, reason in result.refused:
        messages.error(
            request,
            _("#%(number)s was not changed: %(reason)s") % {"number": number, "reason": reason},
        )
    return redirect(back)
