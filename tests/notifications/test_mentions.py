"""@mentions: rendered as profile links in forum/markup.py, and told once per post (edits: the newly named only)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum import markup
from tests.board.test_markup_properties import PIECES, parsed, scheme_of
from tests.notifications.helpers import items

MEMBERS = {"rina": "Rina", "budi_s": "budi_s", "a.b-c": "a.b-c"}


def known(names: set[str]) -> dict[str, str]:
    return {name: MEMBERS[name] for name in names if name in MEMBERS}


@pytest.mark.parametrize("text, html", [
    ("halo @rina", '<p>halo <a href="/u/Rina" rel="nofollow ugc noopener">@rina</a></p>\n'),
    ("@RINA!", '<p><a href="/u/Rina" rel="nofollow ugc noopener">@RINA</a>!</p>\n'),
    ("cc @budi_s.", '<p>cc <a href="/u/budi_s" rel="nofollow ugc noopener">@budi_s</a>.</p>\n'),
    ("(@a.b-c)", '<p>(<a href="/u/a.b-c" rel="nofollow ugc noopener">@a.b-c</a>)</p>\n'),
    ("@nobody here", "<p>@nobody here</p>\n"),
    ("`@rina`", "<p><code>@rina</code></p>\n"),
    ("```\n@rina\n```", "<pre><code>@rina\n</code></pre>\n"),
    ("    @rina", "<pre><code>@rina\n</code></pre>\n"),
    ("[tanya @rina](https://x.id)", '<p><a href="https://x.id" rel="nofollow ugc noopener">tanya @rina</a></p>\n'),
    ("surel rina@perpus.id", "<p>surel rina@perpus.id</p>\n"),
    ("https://x.id/@rina", "<p>https://x.id/@rina</p>\n"),
    ("@@rina", "<p>@@rina</p>\n"),
    ("**@rina**", '<p><strong><a href="/u/Rina" rel="nofollow ugc noopener">@rina</a></strong></p>\n'),
])
def test_mentions_render_as_profile_links(text, html):
    assert markup.render(text, known_users=known) == html


def test_without_a_resolver_nothing_is_linked():
    assert markup.render("halo @rina") == "<p>halo @rina</p>\n"


def test_mentions_for_notifications_skip_code_links_and_quotes():
    text = "@Rina @rina @budi_s `@kode` [@tautan](https://x.id)\n\n> @kutipan\n\n```\n@blok\n```"
    assert markup.mentions(text) == ["rina", "budi_s"]
    assert markup.mentions(" ".join(f"@orang{i}" for i in range(50))) == [f"orang{i}" for i in range(20)]


def test_the_resolver_is_asked_once_with_every_name():
    asked = []
    markup.render("@rina @budi_s @rina @x", known_users=lambda names: asked.append(names) or {})
    assert asked == [{"rina", "budi_s"}]  # "@x" is too short to be a username


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([*PIECES, "@rina", "@RINA", "@budi_s", "@", "@a.b-c"]),
                          st.text(max_size=8)), max_size=30).map("".join))
def test_nothing_executable_survives_with_mentions(text):
    html = markup.render(text, known_users=known)
    for tag, attrs in parsed(html).tags:
        assert tag in markup.ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.lower().startswith("on"), (name, html)
            if name in ("href", "src"):
                assert scheme_of(value or "") in {"http", "https", "mailto", None}, (value, html)
    assert "<script" not in html.lower()


def test_an_edit_tells_only_the_newly_mentioned(api, user, other_user, sari, thread, make_user):
    make_user("dewi")
    post = api("budi").post(f"/threads/{thread.id}/posts", {"body": "Tanya @sari"}).get_json()
    assert [n["kind"] for n in items(api("sari"))] == ["mention"]
    response = api("budi").patch(f"/posts/{post['id']}", {"body": "Tanya @sari dan @dewi, juga @budi"})
    assert 'href="/u/dewi"' in response.get_json()["html"]
    assert [n["kind"] for n in items(api("sari"))] == ["mention"]  # once per post
    assert [n["kind"] for n in items(api("dewi"))] == ["mention"]
    assert items(api("budi")) == []  # never yourself
    api("budi").patch(f"/posts/{post['id']}", {"body": "Tanya @sari dan @dewi."})
    assert len(items(api("dewi"))) == 1


def test_an_edit_adding_a_mention_of_the_threads_author_tells_her_once(api, user, other_user, thread):
    post = api("budi").post(f"/threads/{thread.id}/posts", {"body": "Setuju"}).get_json()
    api("budi").patch(f"/posts/{post['id']}", {"body": "Setuju, @rina"})
    assert [n["kind"] for n in items(api("rina"))] == ["reply"]  # she was told of this post already
