"""Incident pages for leads: the list with the spike suggestions, opening one, and one
incident with its updates and linked tickets. Agents read them; leads and admins act."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from realdesk.console.incident_forms import IncidentForm, LinkForm, UpdateForm
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.incidents import actions, selectors
from realdesk.incidents.models import Incident, IncidentSuggestion
from realdesk.incidents.permissions import can_manage_incidents
from realdesk.tickets.models import Ticket
from realdesk.tickets.selectors import ticket_get


def _incident(request, pk: int) -> Incident:
    try:
        return selectors.incident_get(actor=request.user, pk=pk)
    except Incident.DoesNotExist:
        raise Http404("No such incident") from None


def _suggestion(request, pk: int | str | None) -> IncidentSuggestion | None:
    if not pk:
        return None
    found = selectors.suggestions_pending(actor=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such suggestion")
    return found


@login_required
def incident_list(request):
    context = {
        "incidents": selectors.incidents_for(actor=request.user)[:100],
        "suggestions": selectors.suggestions_pending(actor=request.user),
        "can_manage": can_manage_incidents(request.user),
    }
    return render(request, "console/incidents.html", context)


@login_required
def incident_new(request):
    """Open an incident; from a suggestion, its tickets are linked too."""
    suggestion = _suggestion(request, request.GET.get("suggestion"))
    initial = {"title": suggestion.title} if suggestion else {}
    form = IncidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = form.action_arguments()
        try:
            if suggestion:
                incident = actions.suggestion_open(
                    actor=request.user, suggestion=suggestion, **arguments
                )
            else:
                incident = actions.incident_open(actor=request.user, **arguments)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Incident opened; it is on the status page."))
            return redirect("console:incident", pk=incident.pk)
    context = {"form": form, "suggestion": suggestion}
    return render(request, "console/incident_new.html", context, status=400 if form.errors else 200)


def _render(request, incident: Incident, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    context = {
        "incident": incident,
        "tickets": selectors.incident_tickets(actor=request.user, incident=incident),
        "update_form": forms.get("update") or UpdateForm(prefix="update"),
        "link_form": forms.get("link") or LinkForm(prefix="link"),
        "can_manage": can_manage_incidents(request.user),
    }
    return render(request, "console/incident.html", context, status=status)


@login_required
def incident_detail(request, pk: int):
    return _render(request, _incident(request, pk))


def _post_update(request, incident: Incident, form: UpdateForm) -> str:
    data = form.cleaned_data
    if data["solve_message"].strip():
        update = actions.incident_resolve(
            actor=request.user,
            incident=incident,
            body=data["body"],
            body_translations=form.translations("body"),
            solve_message=data["solve_message"],
        )
        told = update.customers_notified
        return _(
            "Resolved; the linked tickets are solved and %(told)s other customers were told."
        ) % {"told": told}
    update = actions.incident_update_post(
        actor=request.user,
        incident=incident,
        status=data["status"],
        body=data["body"],
        body_translations=form.translations("body"),
        notify_customers=data["notify_customers"],
    )
    return _("Update posted; %(told)s customers will get it by email.") % {
        "told": update.customers_notified
    }


def _link(request, incident: Incident, form: LinkForm) -> str:
    try:
        tickets = [ticket_get(actor=request.user, number=n) for n in form.cleaned_data["numbers"]]
    except Ticket.DoesNotExist:
        raise ApplicationError(_("One of these tickets does not exist.")) from None
    links = actions.incident_tickets_link(actor=request.user, incident=incident, tickets=tickets)
    return f"{len(links)} tickets linked."


FORMS = {"update": (UpdateForm, _post_update), "link": (LinkForm, _link)}


@login_required
@require_POST
def incident_act(request, pk: int, action: str):
    """Post an update (resolving, perhaps solving the tickets) or link tickets."""
    if action not in FORMS:
        raise Http404("No such action")
    incident = _incident(request, pk)
    form_class, perform = FORMS[action]
    form = form_class(request.POST, prefix=action)
    status = 400
    if form.is_valid():
        try:
            messages.success(request, perform(request, incident, form))
            return redirect("console:incident", pk=incident.pk)
        except ApplicationError as error:
            form.add_error(None, error.message)
            status = 403 if isinstance(error, PermissionDeniedError) else 400
    return _render(request, incident, forms={action: form}, status=status)


@login_required
@require_POST
def incident_unlink(request, pk: int, number: int):
    incident = _incident(request, pk)
    try:
        ticket = ticket_get(actor=request.user, number=number)
        actions.incident_ticket_unlink(actor=request.user, incident=incident, ticket=ticket)
    except (ApplicationError, Ticket.DoesNotExist) as error:
        messages.error(request, getattr(error, "message", _("No such ticket.")))
    else:
        messages.success(request, _("Ticket #%(number)s unlinked.") % {"number": number})
    return redirect("console:incident", pk=incident.pk)


@login_required
@require_POST
def suggestion_dismiss(request, pk: int):
    suggestion = _suggestion(request, pk)
    actions.suggestion_dismiss(actor=request.user, suggestion=suggestion)
    messages.success(request, _("Suggestion dismissed."))
    return redirect("console:incidents")
