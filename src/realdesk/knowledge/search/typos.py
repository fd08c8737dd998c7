"""Typo tolerance: the nearest known word at one edit, found by deletions (pure).

Every vocabulary word is stored under itself and each string one deletion away; a typed
word's own deletions then meet it whether a letter was dropped, added, swapped or
changed. A lookup is a few dictionary hits however large the vocabulary.
"""

from collections import Counter
from collections.abc import Iterable

MIN_LENGTH = 4  # shorter words are too easily some other real word


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SpellingIndex:
    def __init__(self, vocabulary: Iterable[str]):
        self.counts = Counter(vocabulary)
        self._by_key: dict[str, set[str]] = {}
        for word in self.counts:
            if len(word) < MIN_LENGTH:
                continue
            for key in {word, *_deletions(word)}:
                self._by_key.setdefault(key, set()).add(word)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The most common known word one edit away, or None if the word is known or hopeless."""
        if word in self.counts or len(word) < MIN_LENGTH or word.isdigit():
            return None
        candidates: set[str] = set()
        for key in {word, *_deletions(word)}:
            candidates |= self._by_key.get(key, set())
        if not candidates:
            return None
        return max(sorted(candidates), key=lambda known: self.counts[known])
