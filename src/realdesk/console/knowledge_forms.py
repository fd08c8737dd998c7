"""The knowledge-base editor's forms: shapes of input only; the knowledge actions decide."""

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from realdesk.knowledge.choices import BodyFormat
from realdesk.knowledge.models import Category
from realdesk.knowledge.richtext import TAGS

BODY_HELP = (
    "Markdown: blank line between paragraphs, # heading (## below it), **bold**, *italic*, - list, "
    "1. numbered list, [text](https://link), | tables |. HTML articles keep: "
    + ", ".join(sorted(TAGS))
    + "; links to http(s) and mail only."
)


def _previewing(trigger: str) -> dict:
    """htmx attributes: post the whole form to the preview as the writer types (debounced)."""
    return {
        "hx-post": reverse_lazy("console:knowledge_preview"),
        "hx-trigger": trigger,
        "hx-target": "#live-preview",
        "hx-swap": "outerHTML",
        "hx-include": "closest form",
    }


class TranslationForm(forms.Form):
    """One language of an article, plus the shelf and keywords every language shares."""

    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label=_("Text"),
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 14} | _previewing("load, input changed delay:400ms")),
    )
    body_format = forms.ChoiceField(
        label=_("Written in"),
        choices=BodyFormat.choices,
        initial=BodyFormat.MARKDOWN,
        widget=forms.Select(attrs=_previewing("change")),
    )
    spoken_text = forms.CharField(
        label=_("Spoken on the phone"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A short version the phone menu reads out; empty keeps it off the phone."),
    )
    keywords = forms.CharField(
        max_length=500, required=False, help_text=_("Words customers use that the text may not.")
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label=_("No category")
    )

    def text_arguments(self) -> dict:
        """The title and the text as the knowledge actions take them."""
        data = self.cleaned_data
        key = "body_markdown" if data["body_format"] == BodyFormat.MARKDOWN else "body_html"
        return {"title": data["title"], key: data["body"], "spoken_text": data["spoken_text"]}


class ArticleNewForm(TranslationForm):
    slug = forms.SlugField(label=_("Web address (slug)"), max_length=120)
    language = forms.ChoiceField(choices=lambda: settings.LANGUAGES)

    field_order = [
        "slug",
        "language",
        "title",
        "body",
        "body_format",
        "spoken_text",
        "keywords",
        "category",
    ]

    def article_arguments(self) -> dict:
        data = self.cleaned_data
        return self.text_arguments() | {
            "slug": data["slug"],
            "language": data["language"],
            "keywords": data["keywords"],
            "category": data["category"],
        }


class PreviewForm(forms.Form):
    body = forms.CharField(required=False)
    body_format = forms.ChoiceField(choices=BodyFormat.choices)
