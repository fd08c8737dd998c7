"""The article editor writes Markdown with a live preview, and translates beside the source
language, marking translations whose source changed since."""

import pytest

from realdesk.knowledge.actions import article_create, translation_save
from realdesk.knowledge.choices import BodyFormat
from realdesk.knowledge.models import ArticleTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(agent):
    entry = article_create(slug="refunds", actor=agent)
    for language, text in [("en", "Money back in **a week**."), ("de", "Geld in einer Woche.")]:
        translation_save(
            article=entry, language=language, title="Refunds", body_markdown=text, actor=agent
        )
    return entry


def test_a_new_article_is_written_in_markdown(client, agent):
    client.force_login(agent)
    page = client.get("/agent/knowledge/new/").text
    assert 'hx-post="/agent/knowledge/preview/"' in page
    assert 'hx-trigger="load, input changed delay:400ms"' in page
    assert '<option value="markdown" selected>Markdown</option>' in page
    new = {"slug": "pin", "language": "en", "title": "PIN", "body": "Open **Cards**."}
    client.post("/agent/knowledge/new/", new | {"body_format": "markdown"})
    stored = ArticleTranslation.objects.get(article__slug="pin")
    assert (stored.body_format, stored.body_source) == (BodyFormat.MARKDOWN, "Open **Cards**.")
    assert stored.body_html == "<p>Open <strong>Cards</strong>.</p>"


def test_the_live_preview_renders_and_sanitises(client, agent):
    client.force_login(agent)
    preview = client.post(
        "/agent/knowledge/preview/", {"body": "# Hi <script>x</script>", "body_format": "markdown"}
    )
    assert preview.status_code == 200
    assert "<h2>Hi &lt;script&gt;x&lt;/script&gt;</h2>" in preview.text
    html = client.post(
        "/agent/knowledge/preview/", {"body": "<p>a<script>x</script></p>", "body_format": "html"}
    )
    assert '<div id="live-preview"' in html.text
    assert "<p>a</p>" in html.text
    assert client.post("/agent/knowledge/preview/", {"body_format": "rtf"}).status_code == 400
    assert client.get("/agent/knowledge/preview/").status_code == 405


def test_the_editor_shows_the_markdown_and_html_articles_keep_their_html(client, agent, article):
    client.force_login(agent)
    page = client.get("/agent/knowledge/refunds/en/").text
    assert "Money back in **a week**.</textarea>" in page
    old = article_create(slug="old", actor=agent)
    translation_save(
        article=old, language="en", title="Old", body_html="<p>Old <b>HTML</b></p>", actor=agent
    )
    page = client.get("/agent/knowledge/old/en/").text
    assert "&lt;p&gt;Old &lt;b&gt;HTML&lt;/b&gt;&lt;/p&gt;</textarea>" in page
    assert '<option value="html" selected>HTML</option>' in page


def test_a_translation_beside_its_source_and_outdated_after_a_source_change(client, agent, article):
    client.force_login(agent)
    page = client.get("/agent/knowledge/refunds/de/").text
    assert "Source (EN): Refunds" in page
    assert "Money back in <strong>a week</strong>." in page
    assert "Outdated" not in page
    translation_save(
        article=article, language="en", title="Refunds", body_markdown="Three days.", actor=agent
    )
    page = client.get("/agent/knowledge/refunds/de/").text
    assert "Outdated: the EN text changed" in page
    assert "DE draft, outdated" in client.get("/agent/knowledge/").text
    source_page = client.get("/agent/knowledge/refunds/en/").text
    assert "Source (EN)" not in source_page
    assert "EN draft, outdated" not in source_page
    client.post(
        "/agent/knowledge/refunds/de/",
        {"title": "Erstattung", "body": "Drei Tage.", "body_format": "markdown"},
    )
    assert "Outdated" not in client.get("/agent/knowledge/refunds/de/").text
