"""Markdown to sanitised HTML, in one place.

markdown-it-py renders CommonMark (plus tables and strikethrough) with raw
HTML switched off, then nh3 cleans the result against an allowlist. Only
http, https and mailto links survive; every link gets ``rel="nofollow ugc
noopener"``. Nothing else in the application turns user text into HTML.

``@username`` becomes a link to the member's profile when the caller says who
exists (``render(text, known_users=...)``): in text only, never inside code,
a link or a URL, and unknown names stay plain text. :func:`mentions` lists the
names a post speaks to (not those inside quotes), for notifications.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote as url_quote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
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

# A username (3-32 of letters, digits, "_", ".", "-") after an "@" that does not end a word, a path or an
# address: "rina@perpus.id" and "x.org/@rina" are not mentions. A trailing "." or "-" is punctuation.
MENTION_RE = re.compile(r"(?<![\w@/.+-])@([A-Za-z0-9_][A-Za-z0-9_.-]{1,40})")
MAX_MENTIONS = 20
# The first line markup.quote() writes: who is quoted.
_QUOTE_HEAD_RE = re.compile(r"^> \*\*@([A-Za-z0-9_.-]{3,32}):\*\*\s*$", re.MULTILINE)

#: Given lower-cased names, the ones that are members: ``{name_key: username}``.
KnownUsers = Callable[[set[str]], dict[str, str]]


def render(text: str, known_users: KnownUsers | None = None) -> str:
    """Render user markdown to HTML that is safe to put in a page.

    With ``known_users``, ``@name`` of a member becomes a link to ``/u/NAME``.

    Examples
    --------
    >>> render("**hai** <script>alert(1)</script>")
    '<p><strong>hai</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    >>> render("[x](javascript:alert(1))")
    '<p>[x](javascript:alert(1))</p>\\n'
    >>> render("hai @Rina, `@rina` @nobody", lambda names: {"rina": "rina"} if "rina" in names else {})
    '<p>hai <a href="/u/rina" rel="nofollow ugc noopener">@Rina</a>, <code>@rina</code> @nobody</p>\\n'
    """
    tokens = _md.parse(text or "")
    if known_users is not None:
        names = {key for key, _quoted in _mentioned(tokens)}
        known = known_users(names) if names else {}
        if known:
            _link_mentions(tokens, known)
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def mentions(text: str) -> list[str]:
    """The lower-cased names a text mentions outside code, links and quotes, in order, at most ``MAX_MENTIONS``.

    Examples
    --------
    >>> mentions("@Rina lihat ini, cc @budi. `@kode` [@tautan](https://x.id)\\n\\n> @kutipan")
    ['rina', 'budi']
    """
    found: list[str] = []
    for key, quoted in _mentioned(_md.parse(text or "")):
        if not quoted and key not in found:
            found.append(key)
    return found[:MAX_MENTIONS]


def quoted_authors(text: str) -> list[str]:
    """The lower-cased names of the members a text quotes with :func:`quote`'s heading.

    Examples
    --------
    >>> quoted_authors(quote("Budi", "isi") + "setuju")
    ['budi']
    """
    return list(dict.fromkeys(name.lower() for name in _QUOTE_HEAD_RE.findall(text or "")))[:MAX_MENTIONS]


def _name_of(match: re.Match) -> str:
    return match.group(1).rstrip(".-")


def _text_children(tokens: list[Token]) -> Iterable[tuple[Token, int, bool]]:
    """Each (inline token, index of a plain text child, inside a quote) outside links and code."""
    quote_depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "inline" and token.children:
            link_depth = 0
            for index, child in enumerate(token.children):
                if child.type == "link_open":
                    link_depth += 1
                elif child.type == "link_close":
                    link_depth -= 1
                elif child.type == "text" and link_depth == 0 and "@" in child.content:
                    yield token, index, quote_depth > 0


def _mentioned(tokens: list[Token]) -> Iterable[tuple[str, bool]]:
    for token, index, quoted in _text_children(tokens):
        for match in MENTION_RE.finditer(token.children[index].content):
            name = _name_of(match)
            if 3 <= len(name) <= 32:
                yield name.lower(), quoted


def _link_mentions(tokens: list[Token], known: dict[str, str]) -> None:
    """Replace each known ``@name`` in plain text by a link to the member's profile (tokens, before rendering)."""
    for token, index, _quoted in reversed(list(_text_children(tokens))):
        child = token.children[index]
        pieces: list[Token] = []
        last = 0
        for match in MENTION_RE.finditer(child.content):
            name = _name_of(match)
            username = known.get(name.lower())
            if username is None:
                continue
            start, end = match.start(), match.start(1) + len(name)
            if start > last:
                pieces.append(Token("text", "", 0, content=child.content[last:start]))
            pieces.append(Token("link_open", "a", 1, attrs={"href": "/u/" + url_quote(username, safe="")}))
            pieces.append(Token("text", "", 0, content=child.content[start:end]))
            pieces.append(Token("link_close", "a", -1))
            last = end
        if pieces:
            if last < len(child.content):
                pieces.append(Token("text", "", 0, content=child.content[last:]))
            token.children[index:index + 1] = pieces


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
