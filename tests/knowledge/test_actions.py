"""Writing the knowledge base: sanitized, revised, searchable only when published."""

from functools import partial

import pytest

from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.knowledge.actions import (
    article_create,
    article_feedback_record,
    article_set_related,
    translation_save,
    translation_set_published,
)
from realdesk.knowledge.choices import ArticleStatus, FeedbackSource
from realdesk.knowledge.models import Article, ArticleRevision, ArticleTranslation
from realdesk.knowledge.search import search_articles
from realdesk.knowledge.selectors import article_feedback_counts, articles_for_agents

pytestmark = pytest.mark.django_db


def test_a_new_translation_is_a_draft_until_published(agent, lead):
    article = article_create(slug="Reset Password", actor=agent)
    assert article.slug == "reset-password"
    draft = translation_save(
        article=article, language="en", title="Reset", body_html="<p>Click reset</p>", actor=agent
    )
    assert draft.status == ArticleStatus.DRAFT
    assert search_articles("reset", language="en") == []
    translation_set_published(translation=draft, publish=True, actor=lead)
    assert [r.slug for r in search_articles("reset", language="en")] == ["reset-password"]
    translation_set_published(translation=draft, publish=False, actor=lead)
    assert search_articles("reset", language="en") == []


def test_agents_write_drafts_and_publishers_decide_what_customers_read(agent, lead, settings):
    article = article_create(slug="x", actor=agent)
    write = partial(translation_save, article=article, language="en", title="X")
    draft = write(body_html="<p>a</p>", actor=agent)
    with pytest.raises(PermissionDeniedError):
        translation_set_published(translation=draft, publish=True, actor=agent)
    with pytest.raises(PermissionDeniedError):
        write(body_html="<p>b</p>", actor=agent, publish=True)
    live = translation_set_published(translation=draft, publish=True, actor=lead)
    with pytest.raises(PermissionDeniedError):  # customers would read the change at once
        write(body_html="<p>c</p>", actor=agent)
    live.refresh_from_db()
    assert (live.body_html, live.status) == ("<p>a</p>", ArticleStatus.PUBLISHED)
    settings.REALDESK_KNOWLEDGE_PUBLISH_ROLES = frozenset({"admin", "lead", "agent"})
    translation_set_published(translation=live, publish=False, actor=agent)
    settings.REALDESK_KNOWLEDGE_WRITE_ROLES = frozenset({"admin", "lead"})
    with pytest.raises(PermissionDeniedError):
        article_create(slug="y", actor=agent)


def test_every_save_keeps_a_revision_and_the_body_is_sanitized(agent, lead):
    article = article_create(slug="x", actor=agent)
    translation_save(article=article, language="en", title="One", body_html="<p>a</p>", actor=agent)
    saved = translation_save(
        article=article,
        language="en",
        title="Two",
        body_html="<p>b<script>alert(1)</script></p>",
        actor=lead,
        publish=True,
    )
    assert saved.body_html == "<p>b</p>"
    assert ArticleTranslation.objects.filter(article=article).count() == 1
    revisions = list(ArticleRevision.objects.filter(translation=saved).order_by("created_at", "pk"))
    assert [(r.title, r.author) for r in revisions] == [("One", agent), ("Two", lead)]


def test_read_only_cannot_write(read_only):
    with pytest.raises(PermissionDeniedError):
        article_create(slug="nope", actor=read_only)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("title", "body", "code"),
    [
        ("", "<p>text</p>", "empty_article"),
        ("Title", "<script>only a script</script>", "empty_article"),
    ],
)
def test_empty_articles_are_refused_and_nothing_is_saved(agent, title, body, code):
    article = article_create(slug="empty", actor=agent)
    with pytest.raises(ApplicationError) as refused:
        translation_save(article=article, language="en", title=title, body_html=body, actor=agent)
    assert refused.value.code == code
    assert not ArticleTranslation.objects.exists()
    assert not ArticleRevision.objects.exists()


def test_slugs_are_unique(agent):
    article_create(slug="same", actor=agent)
    with pytest.raises(ApplicationError) as refused:
        article_create(slug="Same", actor=agent)
    assert refused.value.code == "slug_taken"


def test_feedback_is_counted_per_article_with_deflections(publish):
    article = publish("a", en=("A", "text"))
    for helpful, source in [
        (True, FeedbackSource.ARTICLE),
        (True, FeedbackSource.REQUEST_FORM),
        (False, FeedbackSource.ARTICLE),
        (True, FeedbackSource.REQUEST_FORM),
    ]:
        article_feedback_record(article=article, language="en", helpful=helpful, source=source)
    counts = article_feedback_counts(article=article)
    assert (counts.helpful, counts.not_helpful, counts.deflections) == (3, 1, 2)


def test_related_never_includes_the_article_itself(publish):
    a, b = publish("a", en=("A", "x")), publish("b", en=("B", "y"))
    article_set_related(article=a, related=[a, b], actor=None)
    assert list(a.related.all()) == [b]


def test_agents_see_drafts_inactive_accounts_nothing(publish, agent):
    publish("draft", en=("D", "x"), draft=True)
    assert [a.slug for a in articles_for_agents(actor=agent)] == ["draft"]
    agent.is_active = False
    assert list(articles_for_agents(actor=agent)) == []


def test_an_article_pasted_into_a_reply_carries_the_words_and_the_link(publish):
    from realdesk.knowledge.selectors import article_reply_text

    article = publish("returns", en=("Returns", "Within 30 days."))
    text = article_reply_text(translation=article.translations.get())
    assert text.startswith("Returns\n\nWithin 30 days.\n\n")
    assert text.rstrip().endswith("/support/articles/returns/?lang=en")
