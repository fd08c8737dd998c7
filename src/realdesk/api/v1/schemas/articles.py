"""Knowledge-base articles and their translations as the API shows and accepts them."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from realdesk.api.v1.pagination import PageParams
from realdesk.api.v1.schemas.common import Input, Text
from realdesk.knowledge.choices import ArticleStatus

# Slugs and language codes a client sends: plain ASCII, so what is stored is what was sent
# (modulo case) and never longer than its column.
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[-a-zA-Z0-9_]+$")]
Language = Annotated[
    str,
    Field(
        min_length=2,
        max_length=16,
        pattern=r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$",
        examples=["en", "de", "pt-br"],
    ),
]


class CategoryOut(Schema):
    slug: str
    name: str


class TranslationSummary(Schema):
    language: str
    title: str
    status: ArticleStatus
    published_at: datetime | None
    updated_at: datetime


class TranslationOut(TranslationSummary):
    body_html: str = Field(description="Sanitized: only safe tags and links survive.")
    body_text: str


class ArticleOut(Schema):
    slug: str
    category: CategoryOut | None
    keywords: str
    created_at: datetime
    translations: list[TranslationSummary]


class ArticleDetail(ArticleOut):
    translations: list[TranslationOut]


class ArticleFilters(PageParams):
    language: Language | None = Field(None, description="Has a translation in this language.")
    category: Slug | None = Field(None, description="The category's slug.")
    state: ArticleStatus | None = Field(
        None, description="Has a translation in this state (in `language`, if given)."
    )


class ArticleCreate(Input):
    slug: Slug = Field(description="Lower-cased; the article's address in the support center.")
    category: Slug | None = Field(None, description="The category's slug.")
    keywords: Text = Field(
        "", max_length=500, description="Words customers use that the text may not."
    )


class ArticleUpdate(Input):
    """Only the given fields change; the slug stays, because links to it are out there."""

    category: Slug | None = Field(None, description="The category's slug; null for none.")
    keywords: Text = Field(None, max_length=500)


class TranslationIn(Input):
    """A new text starts as a draft; editing a published one keeps it published."""

    language: Language
    title: Text = Field(min_length=1, max_length=200)
    body_html: Text = Field(min_length=1, max_length=100_000)


class PublishIn(Input):
    language: Language
    published: bool = Field(True, description="false takes the translation back to draft.")
