"""Reads of the knowledge base. Customers only ever see published translations."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse

from realdesk.accounts.models import User
from realdesk.knowledge.choices import ArticleStatus, FeedbackSource
from realdesk.knowledge.models import Article, ArticleRevision, ArticleTranslation, Category


@dataclass(frozen=True)
class FeedbackCounts:
    helpful: int
    not_helpful: int
    deflections: int


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
    path = reverse("portal:article", args=[translation.article.slug])
    return (
        f"{translation.title}\n\n{translation.body_text.strip()}\n\n"
        f"{settings.BASE_URL}{path}?lang={translation.language}\n"
    )
