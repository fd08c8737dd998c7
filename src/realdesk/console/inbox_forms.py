"""The inbox filter bar and the saved-view form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from realdesk.accounts.models import Team, User
from realdesk.core.forms import QuickModelChoiceField, QuickSelect
from realdesk.tickets.choices import Channel, Priority, Status
from realdesk.tickets.inbox import TicketFilters

ANY = [("", _("Any"))]
OWNER_CHOICES = [("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody"))]


class InboxFilterForm(forms.Form):
    """Query-string filters; a value that is not offered is a clear error, not ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Search this view"), "type": "search"}),
    )
    status = forms.ChoiceField(choices=ANY + Status.choices, required=False, widget=QuickSelect)
    priority = forms.ChoiceField(choices=ANY + Priority.choices, required=False, widget=QuickSelect)
    team = QuickModelChoiceField(queryset=Team.objects.none(), required=False, empty_label=_("Any"))
    owner = forms.ChoiceField(choices=OWNER_CHOICES, required=False, widget=QuickSelect)
    channel = forms.ChoiceField(choices=ANY + Channel.choices, required=False, widget=QuickSelect)
    tag = forms.SlugField(required=False, max_length=64, allow_unicode=True)
    language = forms.CharField(required=False, max_length=16)

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["team"].queryset = (
            Team.objects.all() if actor.sees_all_teams else actor.teams.all()
        )

    def filters(self) -> TicketFilters:
        data = self.cleaned_data
        owner = data["owner"]
        return TicketFilters(
            status=data["status"],
            priority=data["priority"],
            team=data["team"].pk if data["team"] else None,
            owner=self.actor.pk if owner == "me" else None,
            unowned=owner == "none",
            channel=data["channel"],
            tag=data["tag"].lower(),
            language=data["language"].strip().lower(),
            text=data["q"].strip(),
        )


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name this view"), max_length=80)
    view = forms.SlugField(widget=forms.HiddenInput)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)
