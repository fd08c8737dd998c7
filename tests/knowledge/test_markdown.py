"""Articles written in Markdown (CommonMark): rendered, then sanitised like HTML; the
writer's text kept; translations marked outdated when the source changed after them."""

import pytest

from realdesk.knowledge.actions import article_create, translation_save
from realdesk.knowledge.choices import BodyFormat
from realdesk.knowledge.models import ArticleRevision
from realdesk.knowledge.richtext import render_markdown
from realdesk.knowledge.selectors import outdated_languages


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        (
            "# Title\n\n### Detail\n\n###### Small",
            "<h2>Title</h2>\n<h4>Detail</h4>\n<h4>Small</h4>",
        ),
        (
            "# Steps\n\n1. Open\n2. Save",
            "<h2>Steps</h2>\n<ol>\n<li>Open</li>\n<li>Save</li>\n</ol>",
        ),
        ("**bold** and *it*", "<p><strong>bold</strong> and <em>it</em></p>"),
        (
            "[help](https://example.com)",
            '<p><a href="https://example.com" rel="noopener noreferrer nofollow">help</a></p>',
        ),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>\n<thead>\n<tr>\n<th>a</th>"),
        # Raw HTML is text, not tags; a script link is no link.
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("![img](https://evil.example/x.png)", "<p></p>"),
    ],
)
def test_markdown_renders_to_sanitised_html(markdown, html):
    assert render_markdown(markdown).startswith(html)


@pytest.mark.django_db
def test_markdown_is_stored_with_its_rendering_and_html_stays_html(agent):
    article = article_create(slug="refunds", actor=agent)
    saved = translation_save(
        article=article, language="en", title="Refunds", body_markdown="A **week**.", actor=agent
    )
    assert saved.body_format == BodyFormat.MARKDOWN
    assert saved.body_source == "A **week**."
    assert saved.body_html == "<p>A <strong>week</strong>.</p>"
    assert saved.body_text == "A week."
    assert ArticleRevision.objects.get().body_html == saved.body_html
    saved = translation_save(
        article=article,
        language="en",
        title="Refunds",
        body_html="<p>A <b>week</b></p>",
        actor=agent,
    )
    assert (saved.body_format, saved.body_source) == (BodyFormat.HTML, "")
    assert saved.body_html == "<p>A <b>week</b></p>"


@pytest.mark.django_db
def test_a_translation_is_outdated_once_its_source_text_changed(agent):
    article = article_create(slug="refunds", actor=agent)

    def write(language: str, text: str, title: str = "Refunds") -> None:
        translation_save(
            article=article, language=language, title=title, body_markdown=text, actor=agent
        )

    def outdated() -> set[str]:
        article.refresh_from_db()
        return outdated_languages(article=article)

    write("en", "A week.")
    write("de", "Eine Woche.")
    write("fr", "Une semaine.")
    assert outdated() == set()
    write("en", "A week.")  # saved again, no change: nothing to translate
    assert outdated() == set()
    write("en", "Three days.")
    assert outdated() == {"de", "fr"}
    write("de", "Drei Tage.")  # translated again beside the new source
    assert outdated() == {"fr"}
    write("en", "Three days.", title="Refunds, fast")  # a new title is a change too
    assert outdated() == {"de", "fr"}
