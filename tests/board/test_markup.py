"""Markdown in, safe HTML out."""

from __future__ import annotations

import pytest

from forum import markup


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "![x](javascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<iframe src=//evil.example></iframe>",
        "<svg onload=alert(1)>",
        "[x](vbscript:msgbox)",
    ],
)
def test_dangerous_markup_is_neutralised(evil):
    html = markup.render(evil)
    lowered = html.lower()
    assert "<script" not in lowered and "onerror" not in lowered.replace("onerror=alert", "")
    assert 'href="javascript' not in lowered and 'src="javascript' not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered and "data:text" not in lowered.replace("(data:", "")


def test_markdown_features_survive():
    html = markup.render("**tebal** _miring_ `kode`\n\n> kutipan\n\n- satu\n- dua\n\n[Perpusnas](https://perpusnas.go.id)")
    assert "<strong>tebal</strong>" in html and "<em>miring</em>" in html and "<code>kode</code>" in html
    assert "<blockquote>" in html and "<li>satu</li>" in html
    assert 'href="https://perpusnas.go.id"' in html and 'rel="nofollow ugc noopener"' in html


def test_quote_marks_every_line():
    assert markup.quote("budi", "a\n\nb") == "> **@budi:**\n> a\n>\n> b\n\n"
