"""Customer input, validated before any action runs: bad input changes nothing."""

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from realdesk.core.errors import ApplicationError
from realdesk.portal_access.requests import Upload
from realdesk.surveys.choices import Score

MAX_FILES = 10
ERROR_FIELDS = {"invalid_email": "email", "invalid_phone": "phone"}


def run_or_explain(form: forms.Form, action: Callable[..., Any], /, **kwargs) -> Any:
    """Run the action; if a domain rule refuses, put its reason on the form (beside the
    field it is about when there is one) and return None, so the page shows it."""
    try:
        return action(**kwargs)
    except ApplicationError as error:
        field = ERROR_FIELDS.get(error.code)
        form.add_error(field if field in form.fields else None, error.message)
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each within the attachment size limit."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None) -> list[Upload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                ngettext("Attach at most %(n)d file.", "Attach at most %(n)d files.", MAX_FILES)
                % {"n": MAX_FILES}
            )
        limit = settings.REALDESK_ATTACHMENT_MAX_BYTES
        uploads = []
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(mb)d MB; send a smaller file or a link.")
                    % {"name": upload.name, "mb": limit // (1024 * 1024)}
                )
            uploads.append(Upload(filename=upload.name, payload=upload.read()))
        return uploads


def _language_choices():
    return settings.LANGUAGES


class RequestForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    email = forms.EmailField(max_length=254, label=_("Email"))
    subject = forms.CharField(max_length=200, label=_("Subject"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000
    )
    attachments = FilesField(label=_("Files (optional)"))
    language = forms.ChoiceField(label=_("Language"), choices=_language_choices)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )
    attachments = FilesField(label=_("Files (optional)"))


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254, label=_("Your email address"))


ASAP = "asap"


class CallbackForm(forms.Form):
    """The window is "as soon as possible" or one of the calendar's open hours, labelled in
    the customer's time zone; its value is the window's start in UTC, so the label's zone
    never changes what is promised."""

    name = forms.CharField(max_length=200, label=_("Name"))
    phone = forms.CharField(max_length=40, label=_("Phone number"))
    email = forms.EmailField(
        max_length=254,
        required=False,
        label=_("Email (optional)"),
        help_text=_("If you wrote to us before, we find your requests by it."),
    )
    window = forms.ChoiceField(label=_("When suits you"))

    def __init__(
        self,
        *args,
        windows: list[tuple[datetime, datetime]],
        zone: tzinfo,
        signed_in: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if signed_in:  # we know who they are and where to write to them
            del self.fields["email"]
        self.windows = {start.astimezone(UTC).isoformat(): (start, end) for start, end in windows}
        self.fields["window"].choices = [(ASAP, _("As soon as possible"))] + [
            (key, f"{start.astimezone(zone):%a %d %b, %H:%M} - {end.astimezone(zone):%H:%M %Z}")
            for key, (start, end) in self.windows.items()
        ]

    def chosen_window(self) -> tuple[datetime, datetime] | None:
        return self.windows.get(self.cleaned_data["window"])

    def window_label(self) -> str:
        return dict(self.fields["window"].choices)[self.cleaned_data["window"]]


def _comment_field() -> forms.CharField:
    return forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class RatingForm(forms.Form):
    score = forms.ChoiceField(label=_("Score"), choices=Score.choices, widget=forms.RadioSelect)
    comment = _comment_field()


class NpsForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = _comment_field()
