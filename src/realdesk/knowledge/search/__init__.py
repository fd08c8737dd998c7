"""Search the knowledge base: one interface, whatever database or model is behind it.

`search_articles` runs two searches and fuses them. The lexical one turns the question
into words (query.py), adds the nearest known word for each unknown one (typos.py) and
asks the database's full-text index (backends.py); it always runs. The semantic one
compares the question's vector with the articles' (embedders.py, vectors.py) when an
embedder is configured; it finds "my card never came" under "Card arrival", and a German
question the English article when no German translation exists. Registered rankers may
reorder the fused list last. Figures in docs/performance.md, reasons in docs/knowledge.md.
"""

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction

from realdesk.core.config_cache import remembered_in_process
from realdesk.core.enqueue import task_enqueue
from realdesk.core.registry import Registry
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import Article, ArticleTranslation
from realdesk.knowledge.search.backends import backend
from realdesk.knowledge.search.embedders import Embedder, embedder
from realdesk.knowledge.search.fusion import fuse
from realdesk.knowledge.search.query import search_terms, words
from realdesk.knowledge.search.typos import SpellingIndex
from realdesk.knowledge.search.vectors import PASSAGE_CHARACTERS, VectorIndex, vector_index

SNIPPET_CHARACTERS = 180
CANDIDATES = 50
EMBED_TASK = "realdesk.knowledge.tasks.article_embed"
# Threads that score questions against the vectors beside the requests' own (see
# _semantic_started); a question is a few milliseconds of one of them.
_COMPUTING = ThreadPoolExecutor(4, thread_name_prefix="knowledge-semantic")


@dataclass(frozen=True)
class Result:
    article_id: int
    slug: str
    title: str
    snippet: str
    language: str
    score: float


Ranker = Callable[[str, list[Result]], list[Result]]
RANKERS: Registry[Ranker, Ranker] = Registry("knowledge search rankers")


def register_ranker(ranker: Ranker) -> Ranker:
    """A ranker reorders the database's candidates (a semantic model, say); they run in order."""
    return RANKERS.register(ranker, ranker)


def _published_anywhere():
    return ArticleTranslation.objects.filter(status=ArticleStatus.PUBLISHED)


def _published(language: str):
    return _published_anywhere().filter(language=language)


@remembered_in_process(Article, ArticleTranslation)
def spelling_index(language: str) -> SpellingIndex:
    """The vocabulary of titles and keywords, built again only after an article changed:
    remembered like configuration (core/config_cache.py), so a question no longer pays
    for counting every published translation to find out whether one changed."""
    texts = _published(language).values_list("title", "article__keywords")
    return SpellingIndex(word for title, keys in texts for word in words(f"{title} {keys}"))


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
    semantic = _semantic_started(query, language=language)
    lexical = backend().query(
        _with_corrections(terms, language), language=language, limit=CANDIDATES
    )
    hits = _visible(fuse(lexical, semantic.result() if semantic else []), language=language)
    if not RANKERS:  # sorted already: the rows beyond the limit would only be thrown away
        hits = hits[:limit]
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
        if (row := rows.get(pk))  # deleted since
    ]
    for ranker in RANKERS.values():
        results = ranker(query, results)
    if results and cutoff:
        floor = cutoff * max(result.score for result in results)
        results = [result for result in results if result.score >= floor]
    return results[:limit]


def _semantic_started(query: str, *, language: str) -> Future | None:
    """The semantic candidates, computed on another thread while the database runs the
    full-text search: both wait outside the interpreter lock (numpy's products, SQLite's or
    PostgreSQL's query), so a question costs the longer of the two, not their sum. The
    indexes are read here, on the request's thread and its database connection; the
    other thread only computes."""
    model = embedder()
    if model is None:
        return None
    pools = dict.fromkeys([language, settings.LANGUAGE_CODE])
    indexes = [vector_index(language=pool, embedder=model) for pool in pools]
    return _COMPUTING.submit(_nearest, query, model, indexes)


def _nearest(query: str, model: Embedder, indexes: list[VectorIndex]) -> list[tuple[int, float]]:
    """(translation id, similarity) of the nearest translations in `language` and, for
    articles not translated into it, in the default language, best first."""
    question = model.embed([query[:PASSAGE_CHARACTERS]])[0]
    hits = [hit for index in indexes for hit in index.nearest(question, limit=CANDIDATES)]
    return sorted(hits, key=lambda hit: -hit[1])[:CANDIDATES]


def _visible(hits: list[tuple[int, float]], *, language: str) -> list[tuple[int, float]]:
    """The hits a reader may get: published, in `language` or, for an article with no
    published `language` text, in the default one (the original rather than nothing).
    Reads three columns of each hit, not its text: most are cut by the limit."""
    rows = {
        pk: (article_id, row_language)
        for pk, article_id, row_language in _published_anywhere()
        .filter(pk__in=[pk for pk, _ in hits])
        .values_list("pk", "article_id", "language")
    }
    others = {article for article, row_language in rows.values() if row_language != language}
    translated = set(
        _published(language).filter(article_id__in=others).values_list("article_id", flat=True)
        if others
        else ()
    )
    return [
        (pk, score)
        for pk, score in hits
        if (row := rows.get(pk)) and (row[1] == language or row[0] not in translated)
    ]


def search_index(translation: ArticleTranslation) -> None:
    """Keep the search table in step: published translations are found, drafts are not.
    The vectors follow after commit, from the worker: the model takes milliseconds per
    paragraph, and a failure there must not refuse the edit."""
    if translation.status == ArticleStatus.PUBLISHED:
        backend().index(translation)
    else:
        backend().remove(translation.pk)
    if settings.REALDESK_SEARCH_EMBEDDER:
        transaction.on_commit(partial(_enqueue_embedding, translation.pk))


def _enqueue_embedding(translation_id: int) -> None:
    task_enqueue(EMBED_TASK, translation_id=translation_id)
