"""The knowledge-base editor's forms: shapes of input only; the knowledge actions decide."""

from django import forms
from django.conf import settings

from realdesk.knowledge.models import Category
from realdesk.knowledge.richtext import TAGS

BODY_HELP = "HTML. Kept: " + ", ".join(sorted(TAGS)) + "; links to http(s) and mail only."


class TranslationForm(forms.Form):
    """One language of an article, plus the shelf and keywords every language shares."""

    title = forms.CharField(max_length=200)
    body_html = forms.CharField(
        label="Text", help_text=BODY_HELP, widget=forms.Textarea(attrs={"rows": 14})
    )
    spoken_text = forms.CharField(
        label="Spoken on the phone",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A short version the phone menu reads out; empty keeps it off the phone.",
    )
    keywords = forms.CharField(
        max_length=500, required=False, help_text="Words customers use that the text may not."
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label="No category"
    )


class ArticleNewForm(TranslationForm):
    slug = forms.SlugField(label="Web address (slug)", max_length=120)
    language = forms.ChoiceField(choices=lambda: settings.LANGUAGES)

    field_order = ["slug", "language", "title", "body_html", "spoken_text", "keywords", "category"]
