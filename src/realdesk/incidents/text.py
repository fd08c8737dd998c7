"""Incident words in the reader's language, and the keyword rule that links tickets (pure)."""

import re


def localized(text: str, translations: dict[str, str], language: str) -> str:
    """The translation for `language` (or its base, "de" for "de-at"), else the original."""
    for code in (language.lower(), language.lower().split("-")[0]):
        if translations.get(code, "").strip():
            return translations[code]
    return text


def keyword_phrases(keywords: str) -> list[str]:
    """One phrase a line, blank lines and case ignored."""
    return [line.strip().lower() for line in keywords.splitlines() if line.strip()]


def keywords_match(keywords: str, text: str) -> bool:
    """A phrase matches as whole words ("login" is not found in "loginless"), in any case,
    with any run of spaces between its words: predictable enough that a lead can tell why a
    ticket was linked, and cheap enough to run on every new ticket."""
    haystack = " ".join(text.lower().split())
    return any(
        re.search(rf"(?<!\w){re.escape(' '.join(phrase.split()))}(?!\w)", haystack)
        for phrase in keyword_phrases(keywords)
    )
