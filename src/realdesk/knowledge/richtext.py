"""Article bodies: agents write Markdown (or, for older articles, HTML), customers read
HTML, no script ever runs (pure).

Markdown is CommonMark (markdown-it-py) with tables, raw HTML off: what a writer types is
text, and `<b>` shows as written rather than becoming a tag. The rendered HTML is then
sanitised like any other: stricter than mail, no style attributes (the CSP forbids inline
style anyway), no images from other sites, links only to http(s) and mail, and every link
opens without referrer.
"""

import nh3
from markdown_it import MarkdownIt

from realdesk.core.htmltext import html_to_text

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


_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


HEADINGS = ("h2", "h3", "h4", "h4", "h4", "h4")  # for # to ######


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML. Headings start at h2 (`#` is h2): the page's h1 is the
    article's title, and the sanitiser keeps h2 to h4 only."""
    tokens = _markdown.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = HEADINGS[int(token.tag[1]) - 1]
    return sanitize_article_html(_markdown.renderer.render(tokens, _markdown.options, {}))


def article_text(html: str) -> str:
    """The words of a body, for search and for the snippets beside results."""
    return html_to_text(html, quote_prefix=False)
