"""/articles: the knowledge base as agents see it (drafts too).

Every write is one of the knowledge actions, so who may write and who may publish is the
same policy as in the console (knowledge/policy.py), bodies are sanitized exactly as in
the admin, every text saved keeps a revision, and search follows what is published.
"""

from django.http import HttpRequest
from ninja import Query, Router, Status

from realdesk.api.selectors import article_filtered
from realdesk.api.v1.errors import with_errors
from realdesk.api.v1.lookups import lookup
from realdesk.api.v1.pagination import Page, keyset_page
from realdesk.api.v1.schemas.articles import (
    ArticleCreate,
    ArticleDetail,
    ArticleFilters,
    ArticleOut,
    ArticleUpdate,
    PublishIn,
    Slug,
    TranslationIn,
    TranslationOut,
)
from realdesk.knowledge import actions
from realdesk.knowledge.models import Article, Category

router = Router(tags=["articles"])


def _article(request: HttpRequest, slug: str) -> Article:
    return article_filtered(actor=request.auth).get(slug=slug)


def _category(slug: str | None) -> Category | None:
    return lookup(Category.objects.all(), slug, field="category", key="slug")


@router.get("/articles", response=with_errors({200: Page[ArticleOut]}))
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]):
    """Every article with its translations' titles and states, by slug."""
    articles = article_filtered(actor=request.auth, **filters.dict(exclude={"cursor", "limit"}))
    return keyset_page(articles, params=filters, key="slug")


@router.get("/articles/{slug}", response=with_errors({200: ArticleDetail}))
def get_article(request: HttpRequest, slug: Slug):
    return _article(request, slug)


@router.post("/articles", response=with_errors({201: ArticleDetail}))
def create_article(request: HttpRequest, payload: ArticleCreate):
    """A new article, still without text: add translations, then publish them."""
    article = actions.article_create(
        slug=payload.slug,
        category=_category(payload.category),
        keywords=payload.keywords,
        actor=request.auth,
    )
    return Status(201, _article(request, article.slug))


@router.patch("/articles/{slug}", response=with_errors({200: ArticleDetail}))
def update_article(request: HttpRequest, slug: Slug, payload: ArticleUpdate):
    article, given = _article(request, slug), payload.model_fields_set
    actions.article_update(
        article=article,
        category=_category(payload.category) if "category" in given else article.category,
        keywords=payload.keywords if "keywords" in given else article.keywords,
        actor=request.auth,
    )
    return _article(request, slug)


@router.post(
    "/articles/{slug}/translations",
    response=with_errors({200: TranslationOut, 201: TranslationOut}),
)
def save_translation(request: HttpRequest, slug: Slug, payload: TranslationIn):
    """Write the article in a language: 201 for a new language, 200 for an edit."""
    article = _article(request, slug)
    existed = article.translations.filter(language=payload.language.lower()).exists()
    translation = actions.translation_save(article=article, actor=request.auth, **payload.dict())
    return Status(200 if existed else 201, translation)


@router.post("/articles/{slug}/publish", response=with_errors({200: TranslationOut}))
def publish_translation(request: HttpRequest, slug: Slug, payload: PublishIn):
    """Customers and search see a published translation; `published: false` hides it."""
    article = _article(request, slug)
    translation = lookup(
        article.translations.all(), payload.language.lower(), field="language", key="language"
    )
    return actions.translation_set_published(
        translation=translation, publish=payload.published, actor=request.auth
    )
