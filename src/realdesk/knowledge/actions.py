"""Writes of the knowledge base: each one complete, with its revision and search row."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from realdesk.accounts.models import User
from realdesk.core.errors import ApplicationError
from realdesk.knowledge.choices import ArticleStatus, BodyFormat, FeedbackSource, SearchSource
from realdesk.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleTranslation,
    Category,
    SearchEvent,
)
from realdesk.knowledge.policy import check_publisher, check_writer
from realdesk.knowledge.richtext import article_text, render_markdown, sanitize_article_html
from realdesk.knowledge.search import search_index


def _check_language(language: str) -> str:
    language = language.strip().lower()
    if not language or len(language) > 16:
        raise ApplicationError(gettext("Choose the language of the text."), code="invalid_language")
    return language


def category_save(*, slug: str, name: str, names: dict[str, str] | None = None) -> Category:
    """Create or rename a category, keyed by its slug so loading twice changes nothing."""
    if not name.strip():
        raise ApplicationError(gettext("A category needs a name."), code="invalid_name")
    category, _ = Category.objects.update_or_create(
        slug=slugify(slug) or slugify(name), defaults={"name": name.strip(), "names": names or {}}
    )
    return category


def article_create(
    *,
    slug: str,
    actor: User | None,
    category: Category | None = None,
    keywords: str = "",
) -> Article:
    check_writer(actor)
    clean = slugify(slug)
    if not clean:
        raise ApplicationError(
            gettext("An article needs a web address (slug)."), code="invalid_slug"
        )
    if Article.objects.filter(slug=clean).exists():
        raise ApplicationError(
            gettext("An article at %(clean)r already exists.") % {"clean": clean}, code="slug_taken"
        )
    return Article.objects.create(
        slug=clean,
        category=category,
        keywords=keywords.strip(),
        created_by=actor,
        created_at=timezone.now(),
    )


def article_update(
    *, article: Article, actor: User | None, category: Category | None, keywords: str
) -> Article:
    """Move an article to another shelf or change the words customers find it by. The
    keywords are part of every translation's search row, so each one is indexed again."""
    check_writer(actor)
    with transaction.atomic():
        article.category = category
        article.keywords = keywords.strip()
        article.save(update_fields=["category", "keywords"])
        for translation in article.translations.all():
            search_index(translation)
    return article


def translation_save(
    *,
    article: Article,
    language: str,
    title: str,
    actor: User | None,
    body_html: str = "",
    body_markdown: str | None = None,
    publish: bool | None = None,
    spoken_text: str | None = None,
) -> ArticleTranslation:
    """Write the article in one language (new or edited) and keep a revision of it.
    `spoken_text` is the short version the phone menu reads out (None keeps it).

    The text is `body_markdown` (what the console's editor sends) or, when that is None,
    `body_html` (older articles, the API, imports); either way sanitised HTML is stored.
    `publish` True or False changes the state; None keeps it (a new text starts a draft).
    Changing the state, or the text of a published translation, is a publisher's call.
    """
    check_writer(actor)
    language = _check_language(language)
    if body_markdown is None:
        source, body_format, body = "", BodyFormat.HTML, sanitize_article_html(body_html)
    else:
        source, body_format, body = (
            body_markdown,
            BodyFormat.MARKDOWN,
            render_markdown(body_markdown),
        )
    title = title.strip()[:200]
    if not title or not article_text(body).strip():
        raise ApplicationError(
            gettext("An article needs a title and a text."), code="empty_article"
        )
    now = timezone.now()
    with transaction.atomic():
        translation = (
            ArticleTranslation.objects.select_for_update()
            .filter(article=article, language=language)
            .first()
        ) or ArticleTranslation(article=article, language=language)
        if publish or translation.status == ArticleStatus.PUBLISHED:
            check_publisher(actor)
        if translation.pk is None or (translation.title, translation.body_html) != (title, body):
            translation.text_changed_at = now
        if language != settings.LANGUAGE_CODE:
            # Written with the source as it is now: outdated again once the source changes.
            translation.source_changed_at = _source_changed_at(article)
        translation.title = title
        translation.body_format = body_format
        translation.body_source = source
        translation.body_html = body
        translation.body_text = article_text(body)
        translation.updated_at = now
        if spoken_text is not None:
            translation.spoken_text = " ".join(spoken_text.split())[:500]
        if publish is not None:
            _apply_publish(translation, publish=publish, at=now)
        translation.save()
        ArticleRevision.objects.create(
            translation=translation,
            title=translation.title,
            body_html=body,
            author=actor,
            created_at=now,
        )
        search_index(translation)
    return translation


def _source_changed_at(article: Article):
    return (
        ArticleTranslation.objects.filter(article=article, language=settings.LANGUAGE_CODE)
        .values_list("text_changed_at", flat=True)
        .first()
    )


def article_start(
    *,
    slug: str,
    actor: User | None,
    language: str,
    title: str,
    body_html: str = "",
    body_markdown: str | None = None,
    category: Category | None = None,
    keywords: str = "",
    spoken_text: str = "",
) -> ArticleTranslation:
    """A new article with its first text, as a draft: both or neither, so a refused text
    never leaves an empty article taking its web address."""
    with transaction.atomic():
        article = article_create(slug=slug, actor=actor, category=category, keywords=keywords)
        return translation_save(
            article=article,
            language=language,
            title=title,
            body_html=body_html,
            body_markdown=body_markdown,
            actor=actor,
            spoken_text=spoken_text,
        )


def _apply_publish(translation: ArticleTranslation, *, publish: bool, at) -> None:
    translation.status = ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT
    if publish and translation.published_at is None:
        translation.published_at = at


def translation_set_published(
    *, translation: ArticleTranslation, publish: bool, actor: User | None
) -> ArticleTranslation:
    """Publish a draft (customers and search see it) or take it back to draft."""
    check_publisher(actor)
    with transaction.atomic():
        translation = ArticleTranslation.objects.select_for_update().get(pk=translation.pk)
        translation.updated_at = timezone.now()
        _apply_publish(translation, publish=publish, at=translation.updated_at)
        translation.save()
        search_index(translation)
    return translation


def article_set_related(*, article: Article, related: list[Article], actor: User | None) -> None:
    check_writer(actor)
    article.related.set([other for other in related if other.pk != article.pk])


def article_feedback_record(
    *, article: Article, language: str, helpful: bool, source: str = FeedbackSource.ARTICLE
) -> ArticleFeedback:
    """Count one answer to "did this answer your question?"; from the form, a deflection."""
    if source not in FeedbackSource.values:
        raise ApplicationError(
            gettext("Unknown feedback source %(source)r") % {"source": source},
            code="invalid_source",
        )
    return ArticleFeedback.objects.create(
        article=article,
        language=_check_language(language),
        helpful=helpful,
        source=source,
        created_at=timezone.now(),
    )


def search_record(*, query: str, language: str, results: int, source: str) -> SearchEvent | None:
    """Count one customer search (not the suggestions refreshed as they type, which would
    count every keystroke); an empty query is no search. Stored folded to lower case, so
    "Refund" and "refund" are one term."""
    if source not in SearchSource.values:
        raise ApplicationError(
            gettext("Unknown search source %(source)r") % {"source": source}, code="invalid_source"
        )
    folded = " ".join(query.lower().split())[: SearchEvent._meta.get_field("query").max_length]
    if not folded:
        return None
    return SearchEvent.objects.create(
        query=folded,
        language=language,
        results=results,
        source=source,
        created_at=timezone.now(),
    )
