"""From a question to search words, and typo correction (pure)."""

import pytest

from realdesk.knowledge.search.query import MAX_TERMS, search_terms
from realdesk.knowledge.search.typos import SpellingIndex


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("How do I get my money back?", "en", ["get", "money", "back"]),
        # Negation and "still" carry the question (issue 20): "not arrived" is not "arrived".
        ("My card still has not arrived", "en", ["card", "still", "not", "arrived"]),
        ("I got no refund", "en", ["got", "no", "refund"]),
        ("Meine Karte ist noch nicht da", "de", ["karte", "noch", "nicht"]),
        ("Je n'ai pas reçu ma carte", "fr", ["ai", "pas", "reçu", "carte"]),
        ("No he recibido mi tarjeta", "es", ["no", "he", "recibido", "tarjeta"]),
        ("Wo ist meine Bestellung?", "de", ["bestellung"]),
        ("Où est ma commande ?", "fr", ["où", "commande"]),
        ("refund refund REFUND", "en", ["refund"]),
        ("how do I", "en", ["how", "do"]),  # only stop words: keep them rather than nothing
        ('"AND" OR NEAR( *', "en", ["near"]),  # search syntax is never passed through
        ("", "en", []),
    ],
)
def test_search_terms(query, language, expected):
    assert search_terms(query, language=language) == expected


def test_search_terms_are_capped():
    assert len(search_terms(" ".join(f"word{i}" for i in range(50)), language="en")) == MAX_TERMS


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pasword", "password"),  # a letter dropped
        ("passwword", "password"),  # a letter added
        ("passwprd", "password"),  # a letter changed
        ("refnd", "refund"),
        ("password", None),  # known
        ("xyzzyplugh", None),  # nothing near
        ("pss", None),  # too short to guess
    ],
)
def test_spelling_correction(typed, expected):
    index = SpellingIndex(["password", "reset", "refund", "refund", "invoice"])
    assert index.correct(typed) == expected


def test_spelling_prefers_the_more_common_word():
    index = SpellingIndex(["card", "cart", "cart", "cart"])
    assert index.correct("carx") == "cart"
