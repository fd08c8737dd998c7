"""Article bodies: agents write HTML, customers read it, no script ever runs (pure).

Stricter than mail: no style attributes (the CSP forbids inline style anyway), no images
from other sites, links only to http(s) and mail, and every link opens without referrer.
"""

import nh3

from realdesk.comms.email.htmltext import html_to_text

TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "kbd", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan", "scope"}}


def sanitize_article_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def article_text(html: str) -> str:
    """The words of a body, for search and for the snippets beside results."""
    return html_to_text(html, quote_prefix=False)
