"""The report page's filters, read from the query string (a GET form: every view of a
report is a link a lead can bookmark or send)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.reports.filters import ReportFilter
from realdesk.reports.periods import PRESETS, period_preset
from realdesk.reports.selectors import report_teams
from realdesk.tickets.choices import Channel

HOURS = {"business": _("Business hours"), "calendar": _("Calendar time")}


class ReportForm(forms.Form):
    range = forms.ChoiceField(choices=PRESETS.items(), initial="4weeks", required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("All teams"))
    channel = forms.ChoiceField(choices=[("", _("All channels")), *Channel.choices], required=False)
    hours = forms.ChoiceField(choices=HOURS.items(), initial="business", required=False)

    def __init__(self, data, *, actor: User):
        super().__init__(data)
        # Only the teams the actor may pick: another team's id is an invalid choice.
        self.fields["team"].queryset = report_teams(actor=actor)

    def clean(self) -> dict:
        data = super().clean()
        try:
            data["period"] = period_preset(
                data.get("range") or "4weeks",
                now=timezone.now(),
                zone=timezone.get_current_timezone(),
                first_day=data.get("since"),
                last_day=data.get("until"),
            )
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None
        return data

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        return ReportFilter(
            period=data["period"],
            team_id=data["team"].pk if data["team"] else None,
            channel=data["channel"] or None,
            business_hours=data["hours"] != "calendar",
        )
