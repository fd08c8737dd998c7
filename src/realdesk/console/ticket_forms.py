"""One small form per thing an agent does on a ticket; each validates, then calls one action."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realdesk.accounts.models import Team, User
from realdesk.comms.channels.adapters import reply_route
from realdesk.core.forms import QuickModelChoiceField, QuickSelect
from realdesk.incidents.actions import incident_tickets_link
from realdesk.incidents.selectors import incidents_open
from realdesk.sla.actions.goodwill import goodwill_grant
from realdesk.sla.actions.promises import promise_make
from realdesk.sla.selectors import ticket_open_promises
from realdesk.tickets import actions, selectors
from realdesk.tickets.choices import OpenPromises, Priority, Status
from realdesk.tickets.events import message_of
from realdesk.tickets.models import Event, Ticket

REPLY_NEXT_STATUS = [
    (Status.PENDING, _("Pending customer")),
    (Status.OPEN, _("Keep open")),
    (Status.SOLVED, _("Solved")),
]


class TicketActionForm(forms.Form):
    """Bound to the ticket and the agent; `perform` runs the action and returns the ticket
    the agent should land on next."""

    done = _("Saved.")

    def __init__(self, *args, ticket: Ticket, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.actor = actor

    def perform(self) -> Ticket:
        raise NotImplementedError


class ReplyForm(TicketActionForm):
    """The reply carries the id of the newest event the agent saw; if someone else has
    written since, the agent is shown what changed and confirms before it goes out."""

    done = _("Reply sent.")
    body = forms.CharField(
        label=_("Reply to the customer"), widget=forms.Textarea(attrs={"rows": 6})
    )
    status_after = forms.ChoiceField(
        label=_("Then set the ticket to"),
        choices=REPLY_NEXT_STATUS,
        initial=Status.PENDING,
        widget=QuickSelect,
    )
    seen_event = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm_stale = forms.BooleanField(widget=forms.HiddenInput, required=False)

    stale: list[Event]

    def clean(self):
        data = super().clean()
        self.stale = []
        if "seen_event" in data and not data.get("confirm_stale"):
            self.stale = list(
                selectors.ticket_changes_since(
                    ticket=self.ticket, event_id=data["seen_event"], actor=self.actor
                )
            )
            if self.stale:
                self.data = self.data.copy()
                self.data[self.add_prefix("confirm_stale")] = "on"
                raise forms.ValidationError(
                    _(
                        "The ticket changed while you were writing. Read what is new, then "
                        "send again to confirm."
                    ),
                    code="stale",
                )
        return data

    def stale_messages(self):
        """The messages among what changed, so the agent reads them before confirming."""
        ids = [pk for event in self.stale if (pk := message_of(event)) is not None]
        return selectors.ticket_timeline(ticket=self.ticket).filter(pk__in=ids)

    def perform(self) -> Ticket:
        actions.message_send(
            ticket=self.ticket,
            agent=self.actor,
            body_text=self.cleaned_data["body"],
            status_after=self.cleaned_data["status_after"],
        )
        self.done = reply_route(self.ticket).done  # a call note is not "sent"
        return self.ticket


class NoteForm(TicketActionForm):
    done = _("Note added.")
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 4}))

    def perform(self) -> Ticket:
        actions.note_add(ticket=self.ticket, agent=self.actor, body_text=self.cleaned_data["body"])
        return self.ticket


class StatusForm(TicketActionForm):
    """On a ticket with open promises, solving asks what becomes of them (the SLA app
    refuses a solve that does not say); elsewhere those fields are left out."""

    status = forms.ChoiceField(choices=Status.choices, widget=QuickSelect)
    reason = forms.CharField(label=_("Reason (when solving unanswered)"), required=False)
    open_promises = forms.ChoiceField(
        label=_("When solving, the open promises"),
        choices=OpenPromises.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    release_reason = forms.CharField(
        label=_("Why they are released (the customer reads it)"), required=False, max_length=255
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not ticket_open_promises(ticket=self.ticket):
            del self.fields["open_promises"], self.fields["release_reason"]

    def perform(self) -> Ticket:
        return actions.ticket_set_status(
            ticket=self.ticket,
            status=self.cleaned_data["status"],
            actor=self.actor,
            reason=self.cleaned_data["reason"],
            open_promises=self.cleaned_data.get("open_promises", ""),
            release_reason=self.cleaned_data.get("release_reason", ""),
        )


class PriorityForm(TicketActionForm):
    priority = forms.ChoiceField(choices=Priority.choices, widget=QuickSelect)

    def perform(self) -> Ticket:
        return actions.ticket_set_priority(
            ticket=self.ticket, priority=self.cleaned_data["priority"], actor=self.actor
        )


class TeamForm(TicketActionForm):
    team = QuickModelChoiceField(Team.objects.all(), required=False, empty_label=_("No team"))

    def perform(self) -> Ticket:
        return actions.ticket_set_team(
            ticket=self.ticket, team=self.cleaned_data["team"], actor=self.actor
        )


class TagsForm(TicketActionForm):
    tags = forms.CharField(label=_("Tags, comma-separated"), required=False, max_length=500)

    def perform(self) -> Ticket:
        names = self.cleaned_data["tags"].split(",")
        return actions.ticket_set_tags(ticket=self.ticket, tags=names, actor=self.actor)


class OwnerForm(TicketActionForm):
    """Give an unowned ticket an owner, or take the owner off. Another owner's ticket is
    refused by the action (`transfer_required`): the page then asks for the handoff note."""

    owner = QuickModelChoiceField(User.objects.none(), required=False, empty_label=_("Nobody"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices()

    def perform(self) -> Ticket:
        return actions.ticket_assign(
            ticket=self.ticket, owner=self.cleaned_data["owner"], actor=self.actor
        )


def owner_choices():
    """The people a ticket can belong to (a read-only agent cannot own one)."""
    return User.objects.filter(is_active=True).exclude(role="read_only")


class TakeForm(TicketActionForm):
    done = _("You own this ticket now.")

    def perform(self) -> Ticket:
        return actions.ticket_assign(ticket=self.ticket, owner=self.actor, actor=self.actor)


class TransferForm(TicketActionForm):
    done = _("Transferred; the customer is told who has it now.")
    owner = QuickModelChoiceField(
        User.objects.none(), label=_("To a person"), required=False, empty_label=_("(the team)")
    )
    team = QuickModelChoiceField(
        Team.objects.all(), label=_("To a team"), required=False, empty_label=_("(keep the team)")
    )
    note = forms.CharField(
        label=_("Handoff note for the next owner"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices()

    def perform(self) -> Ticket:
        return actions.ticket_transfer(
            ticket=self.ticket,
            actor=self.actor,
            note=self.cleaned_data["note"],
            owner=self.cleaned_data["owner"],
            team=self.cleaned_data["team"],
        )


class PromiseForm(TicketActionForm):
    """ "I will update you by ...": a tracked commitment, reminded and escalated if missed."""

    done = _("Promise recorded; the customer has been told when to expect the update.")
    what = forms.CharField(label=_("You will update the customer about"), max_length=200)
    due_at = forms.DateTimeField(
        label=_("By"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_due_at(self):
        due_at = self.cleaned_data["due_at"]
        if due_at <= timezone.now():
            raise forms.ValidationError(_("A promise is about the future."))
        return due_at

    def perform(self) -> Ticket:
        promise_make(
            ticket=self.ticket,
            agent=self.actor,
            due_at=self.cleaned_data["due_at"],
            what=self.cleaned_data["what"],
        )
        return self.ticket


class WorkaroundForm(TicketActionForm):
    done = _("Workaround recorded; the ticket stays open until the real fix.")
    note = forms.CharField(label=_("The workaround"), widget=forms.Textarea(attrs={"rows": 2}))

    def perform(self) -> Ticket:
        return actions.ticket_workaround_give(
            ticket=self.ticket, agent=self.actor, note=self.cleaned_data["note"]
        )


class GoodwillForm(TicketActionForm):
    """A credit within the agent's own authority: no approval chain, but on the record."""

    done = _("Goodwill recorded on the ticket.")
    amount = forms.DecimalField(label=_("Amount"), min_value=0, decimal_places=2, max_digits=10)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    note = forms.CharField(label=_("Why"), max_length=300)

    def perform(self) -> Ticket:
        goodwill_grant(
            ticket=self.ticket,
            agent=self.actor,
            amount=self.cleaned_data["amount"],
            currency=self.cleaned_data["currency"],
            note=self.cleaned_data["note"],
        )
        return self.ticket


class MergeForm(TicketActionForm):
    done = _("Merged; the whole history is on this ticket now.")
    target = forms.IntegerField(label=_("Merge into ticket number"), min_value=1)

    def clean_target(self) -> Ticket:
        number = self.cleaned_data["target"]
        try:
            return selectors.ticket_get(actor=self.actor, number=number)
        except Ticket.DoesNotExist:
            raise forms.ValidationError(
                _("There is no ticket #%(number)s you can see.") % {"number": number}
            ) from None

    def perform(self) -> Ticket:
        return actions.ticket_merge(
            source=self.ticket, target=self.cleaned_data["target"], actor=self.actor
        )


class IncidentLinkForm(TicketActionForm):
    """The customer hears the incident's updates from now on."""

    done = _("Linked: the customer will hear the incident's updates.")
    incident = QuickModelChoiceField(incidents_open(), label=_("Open incident"), empty_label=None)

    def perform(self) -> Ticket:
        incident_tickets_link(
            actor=self.actor, incident=self.cleaned_data["incident"], tickets=[self.ticket]
        )
        return self.ticket


# The properties edited in place on the ticket page and saved on change; each form's
# field has the action's name, so an Undo posts the previous value back to it.
INLINE_ACTIONS = ("status", "priority", "team", "owner", "tags")

TICKET_FORMS: dict[str, type[TicketActionForm]] = {
    "reply": ReplyForm,
    "note": NoteForm,
    "status": StatusForm,
    "priority": PriorityForm,
    "team": TeamForm,
    "tags": TagsForm,
    "owner": OwnerForm,
    "take": TakeForm,
    "transfer": TransferForm,
    "merge": MergeForm,
    "promise": PromiseForm,
    "workaround": WorkaroundForm,
    "goodwill": GoodwillForm,
    "incident": IncidentLinkForm,
}
