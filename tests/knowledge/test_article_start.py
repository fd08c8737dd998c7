"""Starting an article: the article and its first text land together or not at all."""

import pytest

from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.knowledge.actions import article_start
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import Article

pytestmark = pytest.mark.django_db


def test_starts_a_draft_with_its_first_revision(agent):
    translation = article_start(
        slug="Refunds Fast", actor=agent, language="DE", title="Erstattung", body_html="<p>Ja</p>"
    )
    assert (translation.article.slug, translation.language) == ("refunds-fast", "de")
    assert translation.status == ArticleStatus.DRAFT
    assert translation.revisions.get().author == agent


def test_a_refused_text_leaves_no_article_behind(agent):
    with pytest.raises(ApplicationError, match="title and a text"):
        article_start(slug="empty", actor=agent, language="en", title="T", body_html="<b></b>")
    assert not Article.objects.exists()


def test_read_only_cannot_start_an_article(read_only):
    with pytest.raises(PermissionDeniedError):
        article_start(slug="x", actor=read_only, language="en", title="T", body_html="<p>x</p>")
    assert not Article.objects.exists()
