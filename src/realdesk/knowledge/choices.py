from django.db import models


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class FeedbackSource(models.TextChoices):
    ARTICLE = "article", "Article page"
    REQUEST_FORM = "request_form", "Suggested beside the request form"


class SearchSource(models.TextChoices):
    PORTAL = "portal", "Support center search page"
    PUBLIC = "public", "Public search (chat widget, phone menu, other sites)"


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"
