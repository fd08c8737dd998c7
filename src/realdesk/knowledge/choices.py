from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class FeedbackSource(models.TextChoices):
    ARTICLE = "article", _("Article page")
    REQUEST_FORM = "request_form", _("Suggested beside the request form")


class SearchSource(models.TextChoices):
    PORTAL = "portal", _("Support center search page")
    PUBLIC = "public", _("Public search (chat widget, phone menu, other sites)")


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")
