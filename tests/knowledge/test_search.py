"""Search ranks by meaning words, tolerates typos, keeps to the reader's language, and runs
the same on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from realdesk.core.registry import Registry
from realdesk.knowledge import search
from realdesk.knowledge.search import register_ranker, search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(publish):
    publish(
        "refund",
        keywords="money back",
        en=("How long does a refund take?", "Refunds arrive within five business days."),
        de=("Wie lange dauert eine Erstattung?", "Erstattungen kommen in fünf Werktagen an."),
    )
    publish(
        "password",
        en=("Reset your password", "Use the reset link on the sign-in page."),
    )
    publish(
        "shipping",
        en=("Shipping costs", "Shipping is free over fifty euros; otherwise it costs a little."),
    )
    publish("secret", en=("Refund secrets", "An unpublished refund plan."), draft=True)


def slugs(query, language="en", **kwargs):
    return [r.slug for r in search_articles(query, language=language, **kwargs)]


def test_the_question_finds_the_answer_first(shelf):
    assert slugs("how do I get my money back?")[0] == "refund"
    assert slugs("I forgot my password")[0] == "password"
    assert slugs("what does shipping cost")[0] == "shipping"


def test_typos_are_forgiven(shelf):
    assert slugs("pasword")[0] == "password"
    assert slugs("refnud")[0] == "refund"


def test_each_language_searches_its_own_translations(shelf):
    assert slugs("Erstattung", language="de") == ["refund"]
    assert slugs("refund", language="de") == []
    assert slugs("Erstattung", language="en") == []


def test_drafts_are_never_found(shelf):
    assert "secret" not in slugs("refund secrets unpublished plan")


def test_search_syntax_and_junk_are_harmless(shelf):
    for query in ['"', "AND OR NOT", "refund*", "NEAR(a b)", "' OR 1=1 --", "\x00", "ü" * 500]:
        assert isinstance(search_articles(query, language="en"), list)
    assert slugs("") == []


def test_limit_and_snippet(shelf):
    results = search_articles("refund shipping password", language="en", limit=2)
    assert len(results) == 2
    assert all(r.snippet and r.score > 0 for r in results)


def test_a_ranker_can_reorder_the_candidates(shelf, monkeypatch):
    monkeypatch.setattr(search, "RANKERS", Registry("rankers"))
    register_ranker(lambda query, results: sorted(results, key=lambda r: r.slug))
    assert slugs("refund shipping password") == ["password", "refund", "shipping"]


def test_editing_keywords_reindexes(shelf, agent):
    from realdesk.knowledge.models import Article

    assert slugs("parcel") == []
    article = Article.objects.get(slug="shipping")
    article.keywords = "parcel delivery"
    article.save()
    for translation in article.translations.all():
        search.search_index(translation)
    assert slugs("parcel") == ["shipping"]


def test_cutoff_drops_weak_matches(shelf):
    everything = search_articles("refund shipping costs money", language="en")
    strong = search_articles("refund shipping costs money", language="en", cutoff=0.9)
    assert len(strong) < len(everything)
    assert strong[0] == everything[0]
    assert all(r.score >= 0.9 * strong[0].score for r in strong)


def test_a_deleted_article_is_never_found(shelf):
    from realdesk.knowledge.models import Article

    Article.objects.filter(slug="password").delete()  # as the admin does
    assert "password" not in slugs("reset your password")


@pytest.mark.django_db(transaction=True)  # real commits: what another request would see
def test_a_question_counts_nothing_until_an_article_changes(publish):
    """The vocabulary (and the vectors' stamp) are remembered like configuration: a search
    after a search reads no count of the published texts, and a newly published article's
    words are corrected towards at once after its commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    publish("password", en=("Reset your password", "Use the reset link on the sign-in page."))
    assert slugs("pasword") == ["password"]
    with CaptureQueriesContext(connection) as queries:
        assert slugs("pasword") == ["password"]
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    publish("parcel", en=("Parcel tracking", "Follow your parcel with its tracking number."))
    assert slugs("parcl trackng") == ["parcel"]
