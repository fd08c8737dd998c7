"""Article HTML is sanitized when it is saved: nothing in it can ever run."""

import pytest

from realdesk.knowledge.richtext import article_text, sanitize_article_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="  JaVaScRiPt:alert(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_lose_everything_executable(payload):
    clean = sanitize_article_html(payload).lower()
    for needle in ("<script", "onerror", "onload", "javascript:", "<svg", "<iframe", "style="):
        assert needle not in clean


def test_ordinary_formatting_survives():
    html = '<h2>Steps</h2><ol><li><strong>Open</strong> <a href="https://example.com/x">it</a></li></ol>'
    clean = sanitize_article_html(html)
    assert "<h2>Steps</h2>" in clean
    assert "<strong>Open</strong>" in clean
    assert 'href="https://example.com/x"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean


def test_article_text_is_the_words():
    assert article_text("<p>Hello <b>there</b></p><p>friend</p>").split() == [
        "Hello",
        "there",
        "friend",
    ]
