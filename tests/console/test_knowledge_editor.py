"""The knowledge-base editor in the console: every write through the knowledge actions,
read-only agents look but change nothing."""

import pytest

from realdesk.knowledge.actions import article_start, category_save, translation_set_published
from realdesk.knowledge.choices import ArticleStatus
from realdesk.knowledge.models import Article, ArticleRevision, ArticleTranslation
from realdesk.knowledge.search import search_articles

pytestmark = pytest.mark.django_db

NEW = {
    "slug": "refunds",
    "language": "en",
    "title": "Refunds",
    "body": "<p>Money comes back <script>alert(1)</script>within a week.</p>",
    "body_format": "html",
    "keywords": "money back",
    "category": "",
}


@pytest.fixture
def draft(agent):
    return article_start(
        slug="refunds", actor=agent, language="en", title="Refunds", body_html="<p>A week.</p>"
    )


def test_agent_creates_a_sanitized_draft(client, agent):
    client.force_login(agent)
    response = client.post("/agent/knowledge/new/", NEW)
    assert response.status_code == 302
    assert response["Location"] == "/agent/knowledge/refunds/en/"
    stored = ArticleTranslation.objects.get(article__slug="refunds", language="en")
    assert stored.body_html == "<p>Money comes back within a week.</p>"
    assert stored.status == ArticleStatus.DRAFT
    assert (stored.article.keywords, stored.article.created_by) == ("money back", agent)
    assert ArticleRevision.objects.get(translation=stored).author == agent


def test_an_empty_text_creates_nothing_and_keeps_the_input(client, lead):
    client.force_login(lead)
    response = client.post(
        "/agent/knowledge/new/", NEW | {"body": "<script>x</script>", "body_format": "html"}
    )
    assert response.status_code == 400
    assert "An article needs a title and a text." in response.text
    assert 'value="Refunds"' in response.text
    assert not Article.objects.exists()


def test_a_taken_slug_is_refused(client, agent, draft):
    client.force_login(agent)
    response = client.post("/agent/knowledge/new/", NEW)
    assert response.status_code == 400
    assert "already exists" in response.text
    assert Article.objects.count() == 1


def test_list_shows_languages_state_and_last_revision(
    client, agent, draft, django_assert_max_num_queries
):
    client.force_login(agent)
    with django_assert_max_num_queries(8):
        page = client.get("/agent/knowledge/").text
    assert 'href="/agent/knowledge/refunds/en/"' in page
    assert "EN draft" in page
    revised = ArticleRevision.objects.get().created_at
    assert f'datetime="{revised.isoformat()}"' in page


def test_editing_writes_a_revision_and_reindexes_keywords(client, lead, draft):
    billing = category_save(slug="billing", name="Billing")
    client.force_login(lead)
    response = client.post(
        "/agent/knowledge/refunds/en/",
        {"title": "Refunds, fast", "body": "<p>Three days.</p>", "body_format": "html",
         "keywords": "chargeback", "category": billing.pk},
    )  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body_html) == ("Refunds, fast", "<p>Three days.</p>")
    assert (draft.article.category, draft.article.keywords) == (billing, "chargeback")
    page = client.get("/agent/knowledge/refunds/en/").text
    assert "History" in page
    assert page.count(f"· {lead.full_name} ·") == 1
    assert ArticleRevision.objects.filter(translation=draft).count() == 2


def test_add_translation_then_publish_and_unpublish(client, lead, draft):
    client.force_login(lead)
    offered = client.get("/agent/knowledge/refunds/en/").text
    assert 'href="/agent/knowledge/refunds/de/"' in offered
    assert client.get("/agent/knowledge/refunds/de/").status_code == 200
    client.post(
        "/agent/knowledge/refunds/de/",
        {
            "title": "Erstattungen",
            "body": "<p>Geld zurück in einer Woche.</p>",
            "body_format": "html",
            "keywords": "",
        },
    )
    german = ArticleTranslation.objects.get(article=draft.article, language="de")
    assert german.status == ArticleStatus.DRAFT
    assert search_articles("Erstattungen", language="de") == []
    assert (
        client.post("/agent/knowledge/refunds/de/publish/", {"publish": "yes"}).status_code == 302
    )
    german.refresh_from_db()
    assert german.status == ArticleStatus.PUBLISHED
    assert [r.slug for r in search_articles("Erstattungen", language="de")] == ["refunds"]
    client.post("/agent/knowledge/refunds/de/publish/", {"publish": "no"})
    german.refresh_from_db()
    assert german.status == ArticleStatus.DRAFT


def test_agents_draft_but_only_leads_publish(client, agent, draft):
    """The probe published an article from the console as an agent; the API refused it."""
    client.force_login(agent)
    page = client.get("/agent/knowledge/refunds/en/").text
    assert ">Publish</button>" not in page
    refused = client.post("/agent/knowledge/refunds/en/publish/", {"publish": "yes"})
    assert refused.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT
    translation_set_published(translation=draft, publish=True, actor=None)
    edit = {"title": "Changed", "body": "<p>Changed.</p>", "body_format": "html", "keywords": ""}
    assert "saving changes to it is for a lead" in client.get("/agent/knowledge/refunds/en/").text
    assert client.post("/agent/knowledge/refunds/en/", edit).status_code == 403
    draft.refresh_from_db()
    assert draft.title == "Refunds"


def test_read_only_looks_but_changes_nothing(client, read_only, draft):
    client.force_login(read_only)
    listing = client.get("/agent/knowledge/").text
    assert "Refunds" in listing
    assert "New article" not in listing
    page = client.get("/agent/knowledge/refunds/en/")
    assert page.status_code == 200
    assert "As customers read it" in page.text
    assert "<textarea" not in page.text
    writes = {
        "/agent/knowledge/new/": NEW | {"slug": "other"},
        "/agent/knowledge/refunds/en/": {"title": "X", "body": "<p>Y</p>", "body_format": "html"},
        "/agent/knowledge/refunds/en/publish/": {"publish": "yes"},
    }
    assert [client.post(url, data).status_code for url, data in writes.items()] == [403] * 3
    assert not Article.objects.filter(slug="other").exists()
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Refunds", ArticleStatus.DRAFT)
    assert ArticleRevision.objects.filter(translation=draft).count() == 1


def test_unknown_article_or_language_is_404(client, agent, draft):
    client.force_login(agent)
    assert client.get("/agent/knowledge/nothing/en/").status_code == 404
    assert client.get("/agent/knowledge/refunds/xx/").status_code == 404
    assert (
        client.post("/agent/knowledge/refunds/fr/publish/", {"publish": "yes"}).status_code == 404
    )


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/agent/knowledge/")
    assert response.status_code == 302
    assert "/agent/login/" in response["Location"]


def test_a_refused_edit_changes_neither_text_nor_keywords(client, agent, draft):
    client.force_login(agent)
    data = {
        "title": "Refunds",
        "body": "<script>gone</script>",
        "body_format": "html",
        "keywords": "new words",
    }
    response = client.post("/agent/knowledge/refunds/en/", data)
    assert response.status_code == 400
    assert "An article needs a title and a text." in response.text
    assert "new words" in response.text  # what was typed is still in the form
    draft.refresh_from_db()
    assert (draft.body_html, draft.article.keywords) == ("<p>A week.</p>", "")
    assert ArticleRevision.objects.filter(translation=draft).count() == 1
