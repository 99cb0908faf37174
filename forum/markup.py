"""Markdown to sanitised HTML, in one place.

markdown-it-py renders CommonMark (plus tables and strikethrough) with raw
HTML switched off, then nh3 cleans the result against an allowlist. Only
http, https and mailto links survive; every link gets ``rel="nofollow ugc
noopener"``. Nothing else in the application turns user text into HTML.
"""

from __future__ import annotations

import html as html_module
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> str:
    """Render user markdown to HTML that is safe to put in a page.

    Examples
    --------
    >>> render("**hai** <script>alert(1)</script>")
    '<p><strong>hai</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    >>> render("[x](javascript:alert(1))")
    '<p>[x](javascript:alert(1))</p>\\n'
    """
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def safe(html: str | None) -> Markup:
    """Mark HTML that came out of :func:`render` (and only that) as safe for Jinja."""
    return Markup(html or "")  # noqa: S704 - only ever given render() output


def quote(author: str, text: str) -> str:
    """Markdown that quotes ``text`` by ``author``, for a reply box."""
    lines = (text or "").strip().splitlines() or [""]
    quoted = "\n".join("> " + line if line else ">" for line in lines)
    return f"> **@{author}:**\n{quoted}\n\n"


_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str | None) -> str:
    """The text of HTML made by :func:`render`, markup gone (for search: what is indexed and quoted).

    Examples
    --------
    >>> plain_text(render("# Judul\\n\\n**tebal** dan [tautan](https://x.id) &amp; <b>"))
    'Judul tebal dan tautan & <b>'
    """
    return " ".join(html_module.unescape(_TAG.sub(" ", html or "")).split())


def plain_snippet(text: str, marks: tuple[str, str], length: int = 240) -> Markup:
    """Escape a search snippet of at most ``2 * length`` characters and turn its match markers into ``<mark>``.

    The text is cut between markers, never inside one, and a highlight the cut
    leaves open is closed, so the result is always balanced.

    Examples
    --------
    >>> str(plain_snippet("a <b> [x] c", ("[", "]")))
    'a &lt;b&gt; <mark>x</mark> c'
    >>> str(plain_snippet("[abcdef] tail", ("[", "]"), length=2))
    '<mark>abcd</mark>'
    """
    start, stop = marks
    parts, left, inside = [], length * 2, False
    for piece in re.split(f"({re.escape(start)}|{re.escape(stop)})", text):
        if piece == start or piece == stop:
            if piece == start and left <= 0:
                break
            if (piece == start) != inside:
                inside = piece == start
                parts.append("<mark>" if inside else "</mark>")
            continue
        if left <= 0:
            break
        parts.append(str(escape(piece[:left])))
        left -= len(piece[:left])
    if inside:
        parts.append("</mark>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text escaped above
