"""Reads of the knowledge base. Customers only ever see published translations."""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse

from realdesk.accounts.models import User
from realdesk.core.batch_cache import remembered_in_batch
from realdesk.knowledge.choices import ArticleStatus, FeedbackSource
from realdesk.knowledge.models import Article, ArticleRevision, ArticleTranslation, Category
from realdesk.knowledge.search import search_articles

logger = logging.getLogger(__name__)

SUGGESTION_CUTOFF = 0.4  # of the best match's score, as beside the portal's request form
SUGGESTION_TEXT = 2000  # characters of a request searched; its first words matter most


@dataclass(frozen=True)
class FeedbackCounts:
    helpful: int
    not_helpful: int
    deflections: int


@dataclass(frozen=True)
class ArticleSuggestion:
    title: str
    url: str
    slug: str = ""  # for the console, which inserts the article into a reply


def published_translations(*, language: str) -> QuerySet[ArticleTranslation]:
    return ArticleTranslation.objects.filter(
        language=language, status=ArticleStatus.PUBLISHED
    ).select_related("article", "article__category")


def article_published_get(*, slug: str, language: str) -> ArticleTranslation:
    """The article in the reader's language, else in the default language, if published;
    ArticleTranslation.DoesNotExist otherwise (a draft looks exactly like a missing page)."""
    found = {
        t.language: t
        for t in ArticleTranslation.objects.filter(
            article__slug=slug,
            status=ArticleStatus.PUBLISHED,
            language__in=[language, settings.LANGUAGE_CODE],
        ).select_related("article", "article__category")
    }
    chosen = found.get(language) or found.get(settings.LANGUAGE_CODE)
    if chosen is None:
        raise ArticleTranslation.DoesNotExist(slug)
    return chosen


def article_languages(*, article: Article) -> list[str]:
    """The languages a reader can switch to on this article."""
    return list(
        article.translations.filter(status=ArticleStatus.PUBLISHED)
        .order_by("language")
        .values_list("language", flat=True)
    )


def related_published(*, article: Article, language: str) -> QuerySet[ArticleTranslation]:
    return published_translations(language=language).filter(article__in=article.related.all())


def categories_with_articles(*, language: str) -> list[tuple[Category, list[ArticleTranslation]]]:
    """The support center's shelves in order, each with its published articles."""
    articles = published_translations(language=language).order_by("title")
    by_category: dict[int | None, list[ArticleTranslation]] = {}
    for translation in articles:
        by_category.setdefault(translation.article.category_id, []).append(translation)
    return [
        (category, by_category[category.pk])
        for category in Category.objects.all()
        if category.pk in by_category
    ]


def category_name(category: Category, *, language: str) -> str:
    return category.names.get(language) or category.name


def article_feedback_counts(*, article: Article) -> FeedbackCounts:
    counts = article.feedback.aggregate(
        yes=Count("pk", filter=Q(helpful=True)),
        no=Count("pk", filter=Q(helpful=False)),
        deflected=Count("pk", filter=Q(helpful=True, source=FeedbackSource.REQUEST_FORM)),
    )
    return FeedbackCounts(
        helpful=counts["yes"], not_helpful=counts["no"], deflections=counts["deflected"]
    )


def articles_for_agents(*, actor: User) -> QuerySet[Article]:
    """Every article with all its translations, drafts included: what an agent can insert
    into a reply or work on. Inactive accounts see nothing."""
    if not actor.is_active:
        return Article.objects.none()
    return Article.objects.prefetch_related(
        Prefetch("translations", queryset=ArticleTranslation.objects.order_by("language"))
    ).select_related("category")


def articles_for_editor(*, actor: User) -> QuerySet[Article]:
    """The editor's list: every article, its translations and when its text last changed."""
    return articles_for_agents(actor=actor).annotate(
        last_revised=Max("translations__revisions__created_at")
    )


def translation_revisions(*, translation: ArticleTranslation) -> QuerySet[ArticleRevision]:
    """Who saved this text when, newest first."""
    return translation.revisions.select_related("author")


def article_reply_text(*, translation: ArticleTranslation) -> str:
    """An article as an agent pastes it into a reply: the answer itself and where to read it,
    so the customer gets the words, not just a link."""
    url = article_url(slug=translation.article.slug, language=translation.language)
    return f"{translation.title}\n\n{translation.body_text.strip()}\n\n{url}\n"


def article_url(*, slug: str, language: str) -> str:
    """Where a customer reads the article in the support center, absolute for email."""
    path = reverse("portal:article", args=[slug])
    return f"{settings.BASE_URL}{path}?lang={language}"


@remembered_in_batch(ArticleTranslation)
def published_languages() -> frozenset[str]:
    """The languages with at least one published article. One small query, remembered for
    a whole batch: a bulk import on an empty knowledge base must not pay for searches."""
    return frozenset(
        ArticleTranslation.objects.filter(status=ArticleStatus.PUBLISHED)
        .order_by()  # the default ordering would defeat DISTINCT
        .values_list("language", flat=True)
        .distinct()
    )


def articles_suggested_for(*, text: str, language: str, limit: int = 3) -> list[ArticleSuggestion]:
    """Published articles that may answer a customer's request, best first: in the customer's
    language when the knowledge base has articles in it, else in the default language.

    A suggestion is a courtesy riding on another message, so a failing search is logged
    and suggests nothing rather than losing that message.
    """
    languages = published_languages()
    primary = re.split(r"[-_]", language.lower(), maxsplit=1)[0]  # de-DE, de_AT: German
    language = next((c for c in (language, primary) if c in languages), settings.LANGUAGE_CODE)
    if language not in languages or limit <= 0:
        return []
    try:
        # A savepoint: on PostgreSQL a failed statement would abort the caller's transaction.
        with transaction.atomic():
            results = search_articles(
                text[:SUGGESTION_TEXT], language=language, limit=limit, cutoff=SUGGESTION_CUTOFF
            )
    except Exception:
        logger.exception("suggesting knowledge-base articles failed")
        return []
    return [
        ArticleSuggestion(
            title=result.title,
            url=article_url(slug=result.slug, language=language),
            slug=result.slug,
        )
        for result in results
    ]


def translation_outdated(
    translation: ArticleTranslation, *, source: ArticleTranslation | None
) -> bool:
    """Whether the source language's text changed after this translation was written: the
    translator saw an older source. The source itself is never outdated."""
    if source is None or source.text_changed_at is None or translation.pk == source.pk:
        return False
    seen = translation.source_changed_at or translation.text_changed_at
    return seen is None or source.text_changed_at > seen


def outdated_languages(*, article: Article) -> set[str]:
    """The languages of this article whose text is behind the source (prefetch-friendly)."""
    translations = list(article.translations.all())
    source = next((t for t in translations if t.language == settings.LANGUAGE_CODE), None)
    return {t.language for t in translations if translation_outdated(t, source=source)}
