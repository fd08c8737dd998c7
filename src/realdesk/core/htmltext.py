"""HTML as readable text, and sanitised for display: email bodies and knowledge articles.

In core because more than one app renders HTML as text (the email parser, the reply
extractor, knowledge articles) and none should import another's parser for it.

Why one module: the parser needs a text body for HTML-only mail and the reply
extractor needs the same rendering (with ``>`` quote markers for blockquotes)
to find quoted history, so both must see exactly the same text. Sanitising
lives here too because it is the other half of "what do we do with HTML".

Sanitising policy (``sanitize_html``): nh3 (ammonia) with its default tag set;
scripts, styles, event handlers, forms and iframes never survive. Images never
load anything by themselves: an ``img`` whose ``src`` is ``http(s):`` or
``data:`` loses its ``src``; an ``img`` whose ``src`` is ``cid:X`` gets
``data-cid="X"`` instead of ``src``, so the display layer can map it to the
stored inline attachment with that Content-ID. Inline ``style`` is reduced to a
few properties that cannot reference a URL.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt",
        "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
        "thead", "tfoot", "tr", "ul", "caption", "body", "html",
    }
)  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "title", "template", "noscript", "xml", "svg"})
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr"})
_WS = re.compile(r"[ \t\r\n\f\v]+")
_MAX_BLANK_RUN = 2


class _TextRenderer(HTMLParser):
    """Streaming HTML to text renderer (linear in the input size)."""

    def __init__(self, *, quote_prefix: bool, include_links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._depth = 0  # blockquote nesting
        self._skip = 0  # inside script/style/...
        self._in_head = False
        self._pre = 0
        self._lists: list[list[int]] = []  # one counter per open ol/ul ([-1] = ul)
        self._links: list[tuple[str, int]] = []
        self._emitted = 0
        self._quote_prefix = quote_prefix
        self._include_links = include_links

    # -- line handling -------------------------------------------------------------------------
    def _flush(self, *, force: bool) -> None:
        text = "".join(self._parts).replace("\xa0", " ")
        self._parts = []
        if not self._pre:
            text = text.strip()
        if not text and not force:
            return
        prefix = ""
        if self._quote_prefix and self._depth:
            prefix = ">" * self._depth + (" " if text else "")
        self.lines.append(prefix + text)

    def _break(self) -> None:
        """End the current line at a block boundary.

        A block holding only ``&nbsp;`` (Outlook's empty paragraph) is a deliberate blank line.
        """
        pending = "".join(self._parts)
        if pending.strip() or "\xa0" in pending:
            self._flush(force=True)
        else:
            self._parts = []

    def _write(self, text: str) -> None:
        self._parts.append(text)
        self._emitted += len(text)

    # -- parser callbacks ----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self._skip += 1
            return
        if tag == "head":
            self._in_head = True
            return
        if tag == "body":
            self._in_head = False
        if self._skip or self._in_head:
            return
        if tag == "br":
            self._flush(force=True)
        elif tag == "hr":
            self._break()
            self._flush(force=True)
        elif tag == "blockquote":
            self._break()
            self._depth += 1
        elif tag in {"ul", "ol"}:
            self._break()
            self._lists.append([-1 if tag == "ul" else 0])
        elif tag == "li":
            self._break()
            marker = "- "
            if self._lists and self._lists[-1][0] >= 0:
                self._lists[-1][0] += 1
                marker = f"{self._lists[-1][0]}. "
            self._write(marker)
        elif tag == "pre":
            self._break()
            self._pre += 1
        elif tag in {"td", "th"}:
            self._write(" ")
        elif tag == "a" and self._include_links:
            href = dict(attrs).get("href") or ""
            self._links.append((href.strip(), self._emitted))
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS or tag not in _SKIP_TAGS:
            self.handle_starttag(tag, attrs)
            if tag not in _VOID_TAGS:
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "head":
            self._in_head = False
            return
        if self._skip or self._in_head:
            return
        if tag == "blockquote":
            self._break()
            self._depth = max(0, self._depth - 1)
        elif tag in {"ul", "ol"}:
            self._break()
            if self._lists:
                self._lists.pop()
        elif tag == "pre":
            self._break()
            self._pre = max(0, self._pre - 1)
        elif tag == "a" and self._include_links and self._links:
            href, start = self._links.pop()
            shown = (
                "".join(self._parts)[-(self._emitted - start) :] if self._emitted > start else ""
            )
            if href.lower().startswith(("http://", "https://")) and href not in shown:
                self._write(f" <{href}>")
        elif tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._skip or self._in_head or not data:
            return
        if self._pre:
            pieces = data.replace("\r\n", "\n").split("\n")
            for i, piece in enumerate(pieces):
                if i:
                    self._flush(force=True)
                self._write(piece)
            return
        text = _WS.sub(" ", data)
        if text.strip(" ") or (self._parts and not self._parts[-1].endswith(" ")):
            self._write(text)

    def close(self) -> None:
        super().close()
        self._break()


def html_to_text(html: str, *, quote_prefix: bool = True, include_links: bool = False) -> str:
    """Render ``html`` as readable plain text.

    Block elements and ``<br>`` become line breaks, list items get ``-``/``1.``
    markers and, with ``quote_prefix``, lines inside ``<blockquote>`` start with
    ``>`` per nesting level so that quoted history looks like a plain-text reply.
    ``include_links`` appends `` <url>`` after link text that does not show it.
    Never raises: on a parser failure the tags are stripped crudely.
    """
    renderer = _TextRenderer(quote_prefix=quote_prefix, include_links=include_links)
    try:
        renderer.feed(html)
        renderer.close()
        lines = renderer.lines
    except Exception:
        crude = re.sub(r"<[^>]{0,2000}>", " ", html)
        lines = [_WS.sub(" ", line).strip() for line in crude.splitlines()]
    out: list[str] = []
    blanks = 0
    for line in lines:
        if line.strip(" >"):
            blanks = 0
        else:
            blanks += 1
            if blanks > _MAX_BLANK_RUN:
                continue
        out.append(line.rstrip())
    return "\n".join(out).strip("\n")


# -- sanitising ----------------------------------------------------------------------------------
_ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()
}
_ALLOWED_ATTRIBUTES["*"] = {"dir", "lang", "title", "style"}
_ALLOWED_ATTRIBUTES.setdefault("td", set()).update({"valign", "width"})
_ALLOWED_ATTRIBUTES.setdefault("table", set()).update({"width", "cellpadding", "cellspacing"})
_SAFE_STYLE_PROPERTIES = {
    "color", "background-color", "font-weight", "font-style", "font-size", "font-family",
    "text-decoration", "text-align", "vertical-align", "white-space",
}  # fmt: skip
_URL_SCHEMES = {"http", "https", "mailto", "cid"}
_CID_SRC = re.compile(r'(<img\b[^>]*?)\ssrc="cid:([^"]*)"')


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep only ``cid:`` image sources: anything else would load from the network."""
    if attribute == "src":
        return value if tag == "img" and value[:4].lower() == "cid:" else None
    return value


def sanitize_html(html: str) -> str:
    """Return ``html`` safe to show inside the agent UI (see the module docstring)."""
    if not html.strip():
        return ""
    try:
        cleaned = nh3.clean(
            html,
            attributes=_ALLOWED_ATTRIBUTES,
            attribute_filter=_filter_attribute,
            url_schemes=_URL_SCHEMES,
            filter_style_properties=_SAFE_STYLE_PROPERTIES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
    except Exception:
        return ""
    # nh3 serialises attributes with double quotes and escapes quotes inside values, so
    # this rewrite only ever touches a real src attribute of a real img element.
    return _CID_SRC.sub(r'\1 data-cid="\2"', cleaned)
