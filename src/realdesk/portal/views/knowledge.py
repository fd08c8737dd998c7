"""The knowledge base as customers read it: shelves, search, articles, "did this help?"."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from realdesk.core.throttle import throttle_hit
from realdesk.knowledge import selectors
from realdesk.knowledge.actions import article_feedback_record, search_record
from realdesk.knowledge.choices import FeedbackSource, SearchSource
from realdesk.knowledge.models import ArticleTranslation
from realdesk.knowledge.search import search_articles
from realdesk.portal.rendering import page
from realdesk.portal.session import LANGUAGE_KEY, current_customer, portal_language, safe_next
from realdesk.portal_access.actions import customer_language_set

SUGGESTIONS = 5
SUGGESTION_CUTOFF = 0.4  # of the best match's score
RESULTS = 20
PUBLIC_LIMIT_MAX = 20
PUBLIC_QUERY_CHARACTERS = 300
RATE_WINDOW_SECONDS = 60


@require_GET
def home(request):
    language = portal_language(request)
    shelves = [
        (selectors.category_name(category, language=language), articles)
        for category, articles in selectors.categories_with_articles(language=language)
    ]
    return page(request, "portal/home.html", {"shelves": shelves})


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:300]
    language = portal_language(request)
    results = search_articles(query, language=language, limit=RESULTS)
    search_record(query=query, language=language, results=len(results), source=SearchSource.PORTAL)
    return page(request, "portal/search.html", {"query": query, "results": results})


def _public_search_allowed(request) -> bool:
    """Fixed one-minute windows per client address (core/throttle.py, shared through
    Redis when several web processes run); a limit of 0 is no limit."""
    limit = settings.REALDESK_PUBLIC_SEARCH_RATE_LIMIT
    if limit <= 0:
        return True
    window = int(timezone.now().timestamp() // RATE_WINDOW_SECONDS)
    client = request.META.get("REMOTE_ADDR", "")
    key = f"public-search:{client}:{window}"
    return throttle_hit(key=key, window_seconds=RATE_WINDOW_SECONDS * 2) <= limit


@require_GET
def search_json(request):
    """The search the portal, the chat widget and the phone menu share: no sign-in, only
    published articles, in the asked language or else the default one."""
    if not _public_search_allowed(request):
        response = JsonResponse(
            {"error": _("Too many searches; try again in a minute.")}, status=429
        )
        response["Retry-After"] = str(RATE_WINDOW_SECONDS)
        return response
    language = request.GET.get("language") or settings.LANGUAGE_CODE
    try:
        limit = min(max(int(request.GET.get("limit") or 5), 1), PUBLIC_LIMIT_MAX)
    except ValueError:
        return JsonResponse({"error": _("limit must be a whole number.")}, status=400)
    if language not in dict(settings.LANGUAGES):
        return JsonResponse(
            {"error": _("Unknown language %(language)r.") % {"language": language}}, status=400
        )
    query = request.GET.get("q", "").strip()[:PUBLIC_QUERY_CHARACTERS]
    results = search_articles(query, language=language, limit=limit)
    search_record(query=query, language=language, results=len(results), source=SearchSource.PUBLIC)
    return JsonResponse(
        {
            "results": [
                {
                    "slug": result.slug,
                    "title": result.title,
                    "url": selectors.article_url(slug=result.slug, language=result.language),
                    "score": round(result.score, 6),
                }
                for result in results
            ]
        }
    )


@require_GET
def suggest(request):
    """Articles beside the request form, refreshed as the customer types (htmx)."""
    text = f"{request.GET.get('subject', '')} {request.GET.get('description', '')}"[:2000]
    language = request.GET.get("language") or portal_language(request)
    if language not in dict(settings.LANGUAGES):
        language = portal_language(request)
    results = search_articles(text, language=language, limit=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
    return page(request, "portal/_suggestions.html", {"results": results})


def _published(slug: str, language: str) -> ArticleTranslation:
    try:
        return selectors.article_published_get(slug=slug, language=language)
    except ArticleTranslation.DoesNotExist:
        raise Http404("No such article") from None


@require_GET
def article(request, slug: str):
    translation = _published(slug, request.GET.get("lang") or portal_language(request))
    entry = translation.article
    return page(
        request,
        "portal/article.html",
        {
            "translation": translation,
            "category": entry.category
            and selectors.category_name(entry.category, language=translation.language),
            "languages_available": selectors.article_languages(article=entry),
            "related": selectors.related_published(article=entry, language=translation.language),
        },
    )


@require_POST
def article_feedback(request, slug: str):
    translation = _published(slug, request.POST.get("language") or portal_language(request))
    source = request.POST.get("source", FeedbackSource.ARTICLE)
    if source not in FeedbackSource.values:
        source = FeedbackSource.ARTICLE
    helpful = request.POST.get("helpful") == "yes"
    article_feedback_record(
        article=translation.article, language=translation.language, helpful=helpful, source=source
    )
    if helpful:
        messages.success(request, _("Thank you! We are glad this answered your question."))
    else:
        messages.info(request, _("Thank you. Ask us below and a person will answer."))
    target = translation.article.slug
    return redirect("portal:article", slug=target) if helpful else redirect("portal:request_new")


@require_GET
def language_switch(request, code: str):
    """Switches the articles and the page's own words: the cookie is what LocaleMiddleware
    reads on every later request, the session what the article pages read."""
    response = redirect(safe_next(request, "/support/"))
    if code in dict(settings.LANGUAGES):
        request.session[LANGUAGE_KEY] = code
        customer = current_customer(request)
        if customer:  # signed in: our mail follows the choice too
            customer_language_set(customer=customer, language=code, chosen=True)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
