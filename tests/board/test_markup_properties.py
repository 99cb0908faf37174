"""Properties of forum/markup.py over generated text (hypothesis): nothing executable ever survives.

For any input, mixing arbitrary text with the pieces attacks are made of: no tag
outside the allowlist (so no <script>), no ``on*`` handler attribute, and no
URL in ``href`` or ``src`` with a scheme other than http, https or mailto, read
the way a browser reads it (tabs and newlines dropped, control characters
trimmed, entities decoded).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from forum import markup

PIECES = [
    "<script>", "</script>", "<script src=//x>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">", "</a>", "<iframe src=x>", "<style>", "<object>", "<base href=x>",
    "[x](", "![x](", "](", ")", "(", "[", "]", "<", ">", "\"", "'", "`", "```", "\n", "\n\n", " ", "\t",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", " javascript:", "\x01javascript:",
    "&#106;avascript:", "&#x6A;avascript:", "javascript&colon;", "vbscript:", "data:text/html,<script>",
    "data:image/svg+xml,", "file:///etc/passwd", "http://x.example/", "https://x.example/a?b=1#c",
    "mailto:a@example.org", "//evil.example", "/relative", "#frag", "onerror=", "onclick=\"x\"", " onload=x",
    "**", "_", "> ", "- ", "1. ", "| a | b |\n|---|---|\n", "<http://x.example>", "<javascript:alert(1)>",
    "[a]: javascript:alert(1)\n", "[a]", "\"title\"", "\\", "&", "&amp;", "&lt;script&gt;", "\x00",
]
markdown_ish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map("".join)

SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


class Collect(HTMLParser):
    """Every start tag and its attributes, entities already decoded by the parser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def scheme_of(url: str) -> str | None:
    """The URL's scheme as a browser would parse it, or None for a relative URL."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(chr(c) for c in range(0x21)))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def parsed(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    parser.close()
    return parser


@settings(max_examples=300, deadline=None)
@given(markdown_ish)
def test_nothing_executable_survives(text):
    html = markup.render(text)
    for tag, attrs in parsed(html).tags:
        assert tag in markup.ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.lower().startswith("on"), (name, html)
            allowed = markup.ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())  # link_rel
            assert name in allowed, (tag, name, html)
            if name in ("href", "src"):
                assert scheme_of(value or "") in SAFE_SCHEMES | {None}, (value, html)
    assert "<script" not in html.lower()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_renders_to_a_string(text):
    assert isinstance(markup.render(text), str)


def test_scheme_of_reads_urls_like_a_browser():
    assert scheme_of("java\tscript:alert(1)") == "javascript"
    assert scheme_of("\x01 JAVASCRIPT:x") == "javascript"
    assert scheme_of("/u/rina") is None and scheme_of("https://x") == "https"
