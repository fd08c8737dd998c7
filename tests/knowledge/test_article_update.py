"""Changing an article's shelf and keywords: found by the new words, refused for read-only."""

import pytest

from realdesk.core.errors import PermissionDeniedError
from realdesk.knowledge.actions import article_update, category_save
from realdesk.knowledge.models import Article
from realdesk.knowledge.search import search_articles

pytestmark = pytest.mark.django_db


def test_new_keywords_are_searchable_at_once(publish, agent):
    article = publish("refunds", en=("Refunds", "Money comes back within a week."))
    assert search_articles("chargeback", language="en") == []
    billing = category_save(slug="billing", name="Billing")
    article_update(article=article, actor=agent, category=billing, keywords=" chargeback ")
    stored = Article.objects.get(pk=article.pk)
    assert (stored.category, stored.keywords) == (billing, "chargeback")
    assert [r.slug for r in search_articles("chargeback", language="en")] == ["refunds"]


def test_read_only_cannot_change_an_article(publish, read_only):
    article = publish("refunds", keywords="money", en=("Refunds", "Within a week."))
    with pytest.raises(PermissionDeniedError):
        article_update(article=article, actor=read_only, category=None, keywords="other")
    assert Article.objects.get(pk=article.pk).keywords == "money"
