from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from realdesk.automation.selectors import macro_draft, macros_for
from realdesk.comms.channels.adapters import reply_route
from realdesk.console.article_picker import answer_draft, article_draft, insertable_articles
from realdesk.console.customer_panel import customer_panel
from realdesk.console.ticket_forms import (
    INLINE_ACTIONS,
    TICKET_FORMS,
    ReplyForm,
    TicketActionForm,
)
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.sla.selectors import sla_for_ticket, ticket_open_promises
from realdesk.surveys.selectors import ticket_ratings
from realdesk.tickets import selectors
from realdesk.tickets.events import note_of
from realdesk.tickets.models import Ticket
from realdesk.tickets.permissions import check_can_work_on
from realdesk.tickets.workflow import ALLOWED_TRANSITIONS
from realdesk.workspace.actions import presence_beat
from realdesk.workspace.selectors import presence_others


def visible_ticket(request, number: int) -> Ticket:
    try:
        return selectors.ticket_get(actor=request.user, number=number)
    except Ticket.DoesNotExist:
        raise Http404("No such ticket") from None


def _render_ticket(
    request,
    ticket: Ticket,
    bound: dict[str, TicketActionForm],
    status=200,
    *,
    undo: dict | None = None,
    transfer_to: int | None = None,
):
    latest = selectors.ticket_latest_event_id(ticket=ticket)
    reply_initial = {"seen_event": latest}
    if macro_id := request.GET.get("macro", ""):
        macro = get_object_or_404(macros_for(actor=request.user), pk=macro_id)
        reply_initial["body"] = macro_draft(macro=macro, ticket=ticket, actor=request.user)
    elif slug := request.GET.get("article", ""):
        reply_initial["body"] = article_draft(actor=request.user, ticket=ticket, slug=slug)
    elif answer := request.GET.get("answer", ""):
        reply_initial["body"] = answer_draft(actor=request.user, message_id=answer)
    current = _current(ticket)
    taking = bool(request.GET.get("take")) and ticket.owner_id not in (None, request.user.pk)
    if taking:  # "Take it from ...": the transfer form, with this agent as the new owner
        transfer_to = request.user.pk
    forms = {
        name: bound.get(name)
        or form_class(
            ticket=ticket,
            actor=request.user,
            prefix=name,
            initial=reply_initial if form_class is ReplyForm else current,
        )
        for name, form_class in TICKET_FORMS.items()
    }
    if transfer_to:
        forms["transfer"].initial = {**current, "owner": transfer_to}
    handoff = selectors.ticket_handoff(ticket=ticket)
    context = {
        "ticket": ticket,
        "forms": forms,
        "seen_event": latest,
        "messages_": selectors.ticket_timeline(ticket=ticket),
        "handoff": handoff,
        "handoff_note": note_of(handoff) if handoff else None,
        "handoff_promises": (
            ticket_open_promises(ticket=ticket, made_before=handoff.created_at) if handoff else []
        ),
        "taking": taking,
        "transferring": bool(transfer_to),
        "undo": undo,
        "route": reply_route(ticket),
        "ccs": selectors.ticket_cc_addresses(ticket=ticket),
        "macros": macros_for(actor=request.user),
        "articles": insertable_articles(actor=request.user, ticket=ticket),
        "others": presence_others(ticket=ticket, agent=request.user),
        "sla": sla_for_ticket(ticket),
        "ratings": ticket_ratings(ticket=ticket),
        **customer_panel(actor=request.user, ticket=ticket),
    }
    if "body" in reply_initial and request.headers.get("HX-Request"):
        return render(request, "console/_composer.html#reply-body", context)
    return render(request, "console/ticket.html", context, status=status)


def _current(ticket: Ticket) -> dict:
    return {
        "status": ticket.status,
        "priority": ticket.priority,
        "team": ticket.team_id,
        "owner": ticket.owner_id,
        "tags": ", ".join(tag.name for tag in ticket.tags.all()),
    }


@login_required
def ticket_detail(request, number: int):
    return _render_ticket(request, visible_ticket(request, number), {})


@login_required
@require_POST
def ticket_act(request, number: int, action: str):
    """Every change from the ticket page: one form, one action, then back to the ticket.
    A property changed in place (htmx) gets the page back at once, with an Undo."""
    form_class = TICKET_FORMS.get(action)
    if form_class is None:
        raise Http404("No such action")
    ticket = visible_ticket(request, number)
    form = form_class(request.POST, ticket=ticket, actor=request.user, prefix=action)
    inline = action in INLINE_ACTIONS and bool(request.headers.get("HX-Request"))
    before = _current(ticket).get(action)
    status, transfer_to = 400, None
    try:
        check_can_work_on(request.user, ticket)
        if form.is_valid():
            landed = form.perform()
            if not inline:
                messages.success(request, form.done)
                return redirect("console:ticket", number=landed.number)
            undo = _undo(request, action, before, landed)
            return _render_ticket(request, landed, {}, undo=undo)
        if form.has_error(NON_FIELD_ERRORS, "stale"):
            status = 409
    except ApplicationError as error:
        form.add_error(None, error.message)
        status = 403 if isinstance(error, PermissionDeniedError) else 400
        if error.code == "transfer_required":  # ask for the handoff note, owner chosen
            transfer_to = getattr(form.cleaned_data.get("owner"), "pk", request.user.pk)
    return _render_ticket(request, ticket, {action: form}, status=status, transfer_to=transfer_to)


def _undo(request, action: str, before, ticket: Ticket) -> dict | None:
    """What the Undo button posts: the value before the change, through the same action
    (so the history shows the change back). An undo itself offers none, nor does a change
    the life cycle cannot walk back (a ticket is never new again)."""
    if request.POST.get("undo") or before == _current(ticket).get(action):
        return None
    if action == "status" and before not in ALLOWED_TRANSITIONS[ticket.status]:
        return None
    value = "" if before is None else before
    return {"action": action, "name": f"{action}-{action}", "value": value}


@login_required
@require_POST
def ticket_presence(request, number: int):
    """The page's heartbeat: records this agent, answers with everyone else on the ticket
    and whether the ticket changed since the page was rendered."""
    ticket = visible_ticket(request, number)
    try:
        presence_beat(ticket=ticket, agent=request.user, state=request.POST.get("state", ""))
    except ApplicationError as error:
        return render(request, "console/_error.html", {"error": error}, status=400)
    seen = request.POST.get("seen_event", "")
    changes = (
        selectors.ticket_changes_since(ticket=ticket, event_id=int(seen), actor=request.user)
        if seen.isdigit()
        else None
    )
    context = {
        "ticket": ticket,
        "others": presence_others(ticket=ticket, agent=request.user),
        "changes": changes.count() if changes is not None else 0,
    }
    return render(request, "console/ticket.html#presence", context)
