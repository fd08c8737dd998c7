"""Forms of the incident pages: each validates, the view calls one incident action.

Customer-facing words (title, update) may be given in every other configured language;
customers read the one that matches theirs, else the original.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from realdesk.incidents.choices import Impact, IncidentKind, IncidentStatus
from realdesk.incidents.models import Component
from realdesk.incidents.selectors import incidents_open


def _other_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class TranslatedForm(forms.Form):
    """Adds `<field>_<language>` for each translated field and gathers them back."""

    translated: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.translated:
            for code, language in _other_languages():
                self.fields[f"{name}_{code}"] = forms.CharField(
                    label=f"{self.fields[name].label} ({language})",
                    required=False,
                    widget=self.fields[name].widget.__class__(attrs={"rows": 2}),
                )

    def translations(self, name: str) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"{name}_{code}", "") for code, _name in _other_languages()
        }


class IncidentForm(TranslatedForm):
    translated = ("title", "body")
    title = forms.CharField(label=_("Title (customers read it)"), max_length=200)
    body = forms.CharField(label=_("First update"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(choices=IncidentKind.choices, initial=IncidentKind.INCIDENT)
    impact = forms.ChoiceField(choices=Impact.choices, initial=Impact.MINOR)
    components = forms.ModelMultipleChoiceField(
        Component.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    keywords = forms.CharField(
        label=_("Keywords (one phrase a line: new tickets containing one are linked)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scheduled_for = forms.DateTimeField(label=_("Maintenance starts"), required=False)
    scheduled_until = forms.DateTimeField(label=_("Maintenance ends"), required=False)

    def action_arguments(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self.base_fields}
        return {
            **data,
            "title_translations": self.translations("title"),
            "body_translations": self.translations("body"),
        }


class UpdateForm(TranslatedForm):
    translated = ("body",)
    status = forms.ChoiceField(
        choices=[(s, label) for s, label in IncidentStatus.choices if s != IncidentStatus.SCHEDULED]
    )
    body = forms.CharField(label=_("Update"), widget=forms.Textarea(attrs={"rows": 3}))
    notify_customers = forms.BooleanField(
        label=_("Mail every linked customer"), required=False, initial=True
    )
    solve_message = forms.CharField(
        label=_("When resolving: reply this to every open linked ticket and solve it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("solve_message", "").strip()
            and cleaned.get("status") != IncidentStatus.RESOLVED
        ):
            self.add_error("solve_message", _("Only a resolving update solves the tickets."))
        return cleaned


class LinkForm(forms.Form):
    numbers = forms.CharField(label=_("Ticket numbers (separated by spaces or commas)"))

    def clean_numbers(self) -> list[int]:
        parts = self.cleaned_data["numbers"].replace(",", " ").replace("#", "").split()
        if not parts or not all(part.isdigit() for part in parts):
            raise forms.ValidationError(_("Give ticket numbers, such as 12 15 31."))
        return [int(part) for part in parts]


def open_incident_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        incidents_open(), label=_("Incident"), empty_label=None, to_field_name="pk"
    )
