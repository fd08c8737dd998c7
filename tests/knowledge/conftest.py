import pytest

from realdesk.knowledge.actions import article_create, translation_save


@pytest.fixture
def publish():
    """Write and publish an article in one or more languages: publish("slug", en=(title, body))."""

    def make(slug: str, *, keywords: str = "", draft: bool = False, **texts):
        article = article_create(slug=slug, actor=None, keywords=keywords)
        for language, (title, body) in texts.items():
            translation_save(
                article=article,
                language=language,
                title=title,
                body_html=f"<p>{body}</p>",
                actor=None,
                publish=not draft,
            )
        return article

    return make
