from django.conf import settings
from django.db import models

from realdesk.knowledge.choices import ArticleStatus, BodyFormat


class Article(models.Model):
    """One answer, whatever languages it is written in; the translations carry the words."""

    slug = models.SlugField(max_length=120, unique=True)
    category = models.ForeignKey(
        "knowledge.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    keywords = models.CharField(
        max_length=500, blank=True, help_text="Words customers use that the text may not."
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class ArticleTranslation(models.Model):
    """The article in one language; drafts are never shown to customers or found by search."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=16)
    title = models.CharField(max_length=200)
    body_format = models.CharField(
        max_length=16, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    body_source = models.TextField(
        blank=True, help_text="What the writer typed, when it is Markdown; rendered into body_html."
    )
    body_html = models.TextField(help_text="Sanitized before it is stored.")
    body_text = models.TextField(blank=True, help_text="Plain text of the body, for search.")
    spoken_text = models.CharField(
        max_length=500,
        blank=True,
        help_text="A short version read out on the phone menu; empty keeps it off the phone.",
    )
    status = models.CharField(
        max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    # When the title or the text last changed (publishing does not count), and, for a
    # translation, when the source language's text had last changed as it was written:
    # a source changed since then makes the translation outdated.
    text_changed_at = models.DateTimeField(null=True, blank=True)
    source_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="translation_one_per_language"
            )
        ]
        indexes = [
            # Covers the search vocabulary's freshness check (count and latest edit).
            models.Index(fields=["language", "status", "updated_at"], name="translation_lang_idx")
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"
