import numpy as np
import pytest

from factories import write_article
from realdesk.knowledge.search.embedders import EMBEDDERS


@pytest.fixture
def publish():
    """Write and publish an article in one or more languages: publish("slug", en=(title, body))."""

    def make(slug: str, *, keywords: str = "", draft: bool = False, **texts):
        return write_article(slug, keywords=keywords, published=not draft, **texts)

    return make


class CachingEmbedder:
    """The configured model, remembering what it embedded: a retrieval test asks the same
    few thousand questions of several searches and should embed each once."""

    def __init__(self, model):
        self.model = model
        self.name = model.name
        self.known: dict[str, np.ndarray] = {}

    def embed(self, texts):
        missing = [text for text in dict.fromkeys(texts) if text not in self.known]
        if missing:
            self.known.update(zip(missing, self.model.embed(missing), strict=True))
        return np.stack([self.known[text] for text in texts])


@pytest.fixture(scope="session")
def _caching_embedder():
    return CachingEmbedder(EMBEDDERS["use-multilingual"]())


@pytest.fixture
def cached_embedder(_caching_embedder, settings, monkeypatch):
    """Semantic search on, through the real model, each text embedded once per session."""
    monkeypatch.setitem(EMBEDDERS, "cached", lambda: _caching_embedder)
    settings.REALDESK_SEARCH_EMBEDDER = "cached"
    return _caching_embedder
