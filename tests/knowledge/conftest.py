import pytest

from factories import write_article


@pytest.fixture
def publish():
    """Write and publish an article in one or more languages: publish("slug", en=(title, body))."""

    def make(slug: str, *, keywords: str = "", draft: bool = False, **texts):
        return write_article(slug, keywords=keywords, published=not draft, **texts)

    return make
