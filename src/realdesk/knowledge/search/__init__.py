"""Search the knowledge base: one interface, whatever database or ranker is behind it.

`search_articles` turns a question into words (query.py), adds the nearest known word for
each unknown one (typos.py), asks the database backend for candidates (backends.py) and
lets the registered rankers reorder them: a semantic ranker plugs in there later without
the portal or the console changing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max

from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import ArticleTranslation
from realdesk.knowledge.search.backends import backend
from realdesk.knowledge.search.query import search_terms, words
from realdesk.knowledge.search.typos import SpellingIndex

SNIPPET_CHARACTERS = 180
CANDIDATES = 50


@dataclass(frozen=True)
class Result:
    article_id: int
    slug: str
    title: str
    snippet: str
    language: str
    score: float


Ranker = Callable[[str, list[Result]], list[Result]]
RANKERS: list[Ranker] = []
_spelling: dict[str, tuple[tuple, SpellingIndex]] = {}


def register_ranker(ranker: Ranker) -> Ranker:
    """A ranker reorders the database's candidates (a semantic model, say); they run in order."""
    if ranker not in RANKERS:
        RANKERS.append(ranker)
    return ranker


def _published(language: str):
    return ArticleTranslation.objects.filter(language=language, status=ArticleStatus.PUBLISHED)


def spelling_index(language: str) -> SpellingIndex:
    """The vocabulary of titles and keywords, rebuilt only when a translation changed."""
    stamp = tuple(_published(language).aggregate(Max("updated_at"), Count("pk")).values())
    cached = _spelling.get(language)
    if cached and cached[0] == stamp:
        return cached[1]
    texts = _published(language).values_list("title", "article__keywords")
    index = SpellingIndex(word for title, keys in texts for word in words(f"{title} {keys}"))
    _spelling[language] = (stamp, index)
    return index


def _with_corrections(terms: list[str], language: str) -> list[str]:
    spelling = spelling_index(language)
    corrected = [fix for term in terms if (fix := spelling.correct(term))]
    return list(dict.fromkeys([*terms, *corrected]))


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARACTERS:
        return flat
    return flat[:SNIPPET_CHARACTERS].rsplit(" ", 1)[0] + " …"


def search_articles(
    query: str, *, language: str, limit: int = 10, cutoff: float = 0.0
) -> list[Result]:
    """Published articles in `language` that answer the question, best first.

    `cutoff` drops results scoring below that share of the best one: beside a form,
    three good suggestions help more than five where two match one stray word.
    """
    terms = search_terms(query, language=language)
    if not terms or limit <= 0:
        return []
    hits = backend().query(_with_corrections(terms, language), language=language, limit=CANDIDATES)
    rows = ArticleTranslation.objects.select_related("article").in_bulk([pk for pk, _ in hits])
    results = [
        Result(
            article_id=row.article_id,
            slug=row.article.slug,
            title=row.title,
            snippet=_snippet(row.body_text),
            language=row.language,
            score=score,
        )
        for pk, score in hits
        # A row of a deleted translation finds nothing here and is skipped.
        if (row := rows.get(pk))
        and row.status == ArticleStatus.PUBLISHED
        and row.language == language
    ]
    for ranker in RANKERS:
        results = ranker(query, results)
    if results and cutoff:
        floor = cutoff * max(result.score for result in results)
        results = [result for result in results if result.score >= floor]
    return results[:limit]


def search_index(translation: ArticleTranslation) -> None:
    """Keep the search table in step: published translations are found, drafts are not."""
    if translation.status == ArticleStatus.PUBLISHED:
        backend().index(translation)
    else:
        backend().remove(translation.pk)
