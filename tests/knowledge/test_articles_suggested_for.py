"""Suggestions for a customer's request: published articles only, in their language when the
knowledge base speaks it, cheap when it is empty, and never an error."""

import logging

import pytest
from django.db import connection

from realdesk.core.batch_cache import batch_scope
from realdesk.knowledge import search, selectors
from realdesk.knowledge.models import Article
from realdesk.knowledge.selectors import (
    ArticleSuggestion,
    articles_suggested_for,
    published_languages,
)

pytestmark = pytest.mark.django_db

REQUEST = "Where is my refund?\nI sent the parcel back two weeks ago and got no money yet."


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.BASE_URL = "https://help.example.com"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def shelf(publish):
    publish(
        "refund",
        keywords="money back",
        en=("How long does a refund take?", "Refunds arrive within five business days."),
        de=("Wie lange dauert eine Erstattung?", "Erstattungen kommen in fünf Werktagen an."),
    )
    publish("password", en=("Reset your password", "Use the reset link on the sign-in page."))
    publish("refund-plan", en=("Refund plan", "How we refund money, unpublished."), draft=True)


def titles(text: str = REQUEST, language: str = "en", **kwargs) -> list[str]:
    return [s.title for s in articles_suggested_for(text=text, language=language, **kwargs)]


def test_a_matching_published_article_comes_with_its_absolute_portal_address(shelf):
    assert articles_suggested_for(text=REQUEST, language="en") == [
        ArticleSuggestion(
            title="How long does a refund take?",
            url="https://help.example.com/support/articles/refund/?lang=en",
            slug="refund",
        )
    ]


def test_only_relevant_articles_and_at_most_the_limit(publish):
    for number in range(5):
        publish(f"refund-{number}", en=(f"Refund case {number}", "Refunds and money back."))
    publish("password", en=("Reset your password", "Use the reset link."))
    found = titles(limit=3)
    assert len(found) == 3
    assert all(title.startswith("Refund case") for title in found)
    assert titles(limit=0) == []
    assert titles("nothing here matches at all") == []


def test_drafts_are_never_suggested(shelf, publish):
    assert "Refund plan" not in titles("refund plan unpublished")
    publish("only-draft", de=("Entwurf", "Erstattung im Entwurf."), draft=True)
    assert published_languages() == frozenset({"en", "de"})
    assert "Entwurf" not in titles("Erstattung Entwurf", language="de")


def test_the_customers_language_when_the_knowledge_base_speaks_it(shelf):
    german = articles_suggested_for(text="Wo bleibt meine Erstattung?", language="de")
    assert german == [
        ArticleSuggestion(
            title="Wie lange dauert eine Erstattung?",
            url="https://help.example.com/support/articles/refund/?lang=de",
            slug="refund",
        )
    ]
    # German articles exist, so German it is, even when the words are English.
    assert titles("reset my password", language="de") == []
    assert titles("reset my password", language="en") == ["Reset your password"]


@pytest.mark.parametrize("language", ["de-DE", "de_AT", "DE"])
def test_a_regional_language_finds_the_articles_of_its_language(shelf, language):
    assert titles("Wo bleibt meine Erstattung?", language=language) == [
        "Wie lange dauert eine Erstattung?"
    ]


def test_else_the_default_language(shelf):
    assert published_languages() == frozenset({"en", "de"})
    for language in ("fr", "", "xx"):
        assert titles(language=language) == ["How long does a refund take?"]


def test_articles_only_in_another_language_are_not_suggested(publish, settings):
    publish("erstattung", de=("Erstattung", "Refund: Erstattungen kommen in fünf Tagen."))
    assert titles(language="en") == []
    assert titles(language="fr") == []
    settings.LANGUAGE_CODE = "de"
    assert titles(language="fr") == ["Erstattung"]


def test_an_empty_knowledge_base_costs_one_small_query(
    publish, django_assert_max_num_queries, django_assert_num_queries
):
    publish("draft", en=("Refund", "Not yet published."), draft=True)
    with django_assert_max_num_queries(1) as captured:
        assert titles() == []
    assert "knowledge_search" not in captured.captured_queries[0]["sql"]
    with batch_scope():
        titles()
        with django_assert_num_queries(0):
            assert titles() == titles(language="de") == []


def test_publishing_within_a_batch_is_seen(publish):
    with batch_scope():
        assert titles() == []
        publish("refund", en=("How long does a refund take?", "Refunds arrive soon."))
        assert titles() == ["How long does a refund take?"]


def test_a_failing_search_logs_and_suggests_nothing(shelf, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("search backend down")

    monkeypatch.setattr(selectors, "search_articles", broken)
    with caplog.at_level(logging.ERROR, logger="realdesk.knowledge.selectors"):
        assert titles() == []
    assert "suggesting knowledge-base articles failed" in caplog.text


def test_a_database_error_in_search_leaves_the_callers_transaction_usable(shelf, monkeypatch):
    """On PostgreSQL a failed statement aborts the whole transaction unless it ran in a
    savepoint; the email being processed would then be lost to quarantine."""

    class BrokenBackend:
        def query(self, terms, *, language, limit):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM no_such_table")
            return []

    monkeypatch.setattr(search, "backend", BrokenBackend)
    assert titles() == []
    assert Article.objects.count() == 3
