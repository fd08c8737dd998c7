"""Customer input, validated before any action runs: bad input changes nothing."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings

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
            raise forms.ValidationError(f"Attach at most {MAX_FILES} files.")
        limit = settings.REALDESK_ATTACHMENT_MAX_BYTES
        uploads = []
        for upload in files:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"{upload.name} is larger than {limit // (1024 * 1024)} MB; "
                    "send a smaller file or a link."
                )
            uploads.append(Upload(filename=upload.name, payload=upload.read()))
        return uploads


def _language_choices():
    return settings.LANGUAGES


class RequestForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
    subject = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000)
    attachments = FilesField(label="Files (optional)")
    language = forms.ChoiceField(choices=_language_choices)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )
    attachments = FilesField(label="Files (optional)")


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254, label="Your email address")


class CallbackForm(forms.Form):
    name = forms.CharField(max_length=200)
    phone = forms.CharField(max_length=40, label="Phone number")
    window = forms.CharField(
        max_length=100, label="When suits you", help_text="For example: today 2-4 pm"
    )


class RatingForm(forms.Form):
    score = forms.ChoiceField(choices=Score.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class NpsForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(11)], coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
