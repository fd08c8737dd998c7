"""Bulk actions from the inbox: one change applied to several selected tickets.

Each ticket goes through the same action the ticket page uses, on its own: a ticket the
action refuses (another owner's ticket needs a transfer, a ticket the agent may not work
on, an unanswered one solved without a reason) is reported with its number and the
reason, and the others still change. Nothing here writes; it only loops over actions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from realdesk.accounts.models import Team, User
from realdesk.console.ticket_forms import owner_choices
from realdesk.core.errors import ApplicationError
from realdesk.core.forms import QuickModelChoiceField, QuickSelect
from realdesk.incidents.actions import incident_tickets_link
from realdesk.incidents.selectors import incidents_open
from realdesk.tickets import actions, selectors
from realdesk.tickets.choices import Status
from realdesk.tickets.models import Ticket

MAX_TICKETS = 200  # one page of the inbox is 50; a guard against a hand-made request


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


class BulkForm(forms.Form):
    """What to do and to which tickets; the value field that matters depends on the action."""

    ACTIONS = [
        ("assign", _("Assign to")),
        ("team", _("Move to team")),
        ("status", _("Set status")),
        ("tag", _("Add tag")),
        ("merge", _("Merge into the oldest")),
        ("incident", _("Link to incident")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=QuickSelect)
    owner = QuickModelChoiceField(User.objects.none(), required=False, empty_label=_("Nobody"))
    team = QuickModelChoiceField(Team.objects.all(), required=False, empty_label=_("No team"))
    status = forms.ChoiceField(choices=Status.choices, required=False, widget=QuickSelect)
    tag = forms.SlugField(required=False, max_length=64, allow_unicode=True)
    incident = QuickModelChoiceField(incidents_open(), required=False)

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["owner"].queryset = owner_choices()
        self.fields["incident"].queryset = incidents_open()

    def clean(self):
        data = super().clean()
        # Ticket numbers are not offered as choices (any ticket the agent sees may be
        # selected); which of them the agent may see is decided when they are read.
        raw = self.data.getlist("tickets") if hasattr(self.data, "getlist") else []
        if not raw:
            raise forms.ValidationError(_("Select at least one ticket."))
        if not all(value.isdigit() for value in raw) or len(raw) > MAX_TICKETS:
            raise forms.ValidationError(_("The selection is not valid; reload the list."))
        data["tickets"] = sorted({int(value) for value in raw})
        action = data.get("action")
        # Each of these actions takes its value from the field of the same name; assign and
        # team may be empty (nobody, no team).
        if action in ("status", "tag", "incident") and not data.get(action):
            self.add_error(action, _("Choose a value for this action."))
        if action == "merge" and len(data["tickets"]) < 2:
            raise forms.ValidationError(_("Select at least two tickets to merge."))
        return data

    def perform(self) -> BulkResult:
        data = self.cleaned_data
        visible = selectors.ticket_list(actor=self.actor).filter(number__in=data["tickets"])
        tickets = {ticket.number: ticket for ticket in visible}
        result = BulkResult()
        change = self._change(data, tickets)
        for number in data["tickets"]:
            ticket = tickets.get(number)
            if ticket is None:
                result.refused.append((number, _("There is no such ticket you can see.")))
                continue
            try:
                if change(ticket):
                    result.done.append(number)
            except ApplicationError as error:
                result.refused.append((number, error.message))
        return result

    def _change(self, data: dict, tickets: dict[int, Ticket]) -> Callable[[Ticket], object]:
        """The action for one ticket; it returns something true when the ticket changed."""
        actor = self.actor
        match data["action"]:
            case "assign":
                return lambda t: actions.ticket_assign(ticket=t, owner=data["owner"], actor=actor)
            case "team":
                return lambda t: actions.ticket_set_team(ticket=t, team=data["team"], actor=actor)
            case "status":
                return lambda t: actions.ticket_set_status(
                    ticket=t, status=data["status"], actor=actor
                )
            case "tag":
                return lambda t: actions.ticket_set_tags(
                    ticket=t,
                    tags=[*t.tags.values_list("name", flat=True), data["tag"]],
                    actor=actor,
                )
            case "incident":
                return lambda t: incident_tickets_link(
                    actor=actor, incident=data["incident"], tickets=[t]
                )
            case "merge":  # the oldest selected ticket is the one the others join
                oldest = tickets[min(tickets)] if tickets else None
                return lambda t: (
                    t != oldest and actions.ticket_merge(source=t, target=oldest, actor=actor)
                )
        raise ValueError(data["action"])
