"""Edit history: every edit keeps the earlier version; the author and moderators read it, with a diff."""

from __future__ import annotations

import pytest

from forum.board import revisions
from forum.board import services as board
from forum.errors import NotAllowed
from tests.fixtures.api import Api
from tests.fixtures.web import post_form

ENGLISH = {"Accept-Language": "en"}  # services' refusals in English, as the tests match them


@pytest.fixture
def edited(app, user, moderator, post, other_user):
    """Budi's reply, edited by Budi and then by the moderator Sari."""
    with app.app_context():
        board.edit_post(other_user, post.id, "Cadangkan database dulu.\nLalu jalankan skrip upgrade versi 9.")
        board.edit_post(moderator, post.id, "Cadangkan database dulu.\nLalu jalankan skrip upgrade versi 9.1.")
    return post


def test_every_edit_keeps_the_version_before(client, edited):
    versions = Api(client).sign_in("budi").get(f"/posts/{edited.id}/revisions")
    assert versions.status_code == 200
    got = [(v["number"], v["editor"], v["body"]) for v in versions.get_json()]
    assert got == [
        (1, "budi", "Cadangkan database dulu, lalu jalankan skrip upgrade."),
        (2, "budi", "Cadangkan database dulu.\nLalu jalankan skrip upgrade versi 9."),
        (3, "sari", "Cadangkan database dulu.\nLalu jalankan skrip upgrade versi 9.1."),
    ]
    times = [v["edited_at"] for v in versions.get_json()]
    assert times == sorted(times) and all("+00:00" in t for t in times)


def test_an_unchanged_save_adds_no_version(app, client, other_user, post):
    with app.app_context():
        board.edit_post(other_user, post.id, post.body)
    [only] = Api(client).sign_in("budi").get(f"/posts/{post.id}/revisions").get_json()
    assert only["number"] == 1 and only["body"] == post.body


def test_a_title_edit_is_kept_with_the_first_post(app, client, user, thread):
    with app.app_context():
        first = board.posts_page(thread, 1).items[0]
        board.edit_post(user, first.id, first.body, "Migrasi SLiMS 9 berhasil")
    versions = Api(client).sign_in("rina").get(f"/posts/{first.id}/revisions").get_json()
    assert [v["title"] for v in versions] == ["Migrasi SLiMS ke versi 9", "Migrasi SLiMS 9 berhasil"]


@pytest.mark.parametrize(("who", "status"), [
    (None, 401), ("rina", 403), ("budi", 200), ("sari", 200),
])
def test_only_the_author_and_moderators_read_the_history(client, edited, who, status):
    api = Api(client).sign_in(who) if who else Api(client)
    assert api.get(f"/posts/{edited.id}/revisions").status_code == status


def test_a_post_the_reader_may_not_see_is_missing(app, client, make_user, user):
    maya = make_user("maya")
    make_user("tono")
    with app.app_context():
        private = board.create_private_thread(user, [maya], "teknologi-informasi", "Bimbingan", "Catatan")
        reply = board.reply(maya, private.id, "Rahasia")
    assert Api(client).sign_in("tono").get(f"/posts/{reply.id}/revisions").status_code == 404
    assert Api(client).get("/posts/999999/revisions").status_code == 404


def test_the_service_refuses_other_members(app, user, edited):
    with app.test_request_context(headers=ENGLISH), pytest.raises(NotAllowed, match="Only the author and moderators"):
        revisions.history(user, edited.id)


@pytest.mark.parametrize(("before", "after", "shown"), [
    ("satu\ndua", "satu\ntiga", ["<span>  satu</span>", "<del>- dua</del>", "<ins>+ tiga</ins>"]),
    ("<script>alert(1)</script>", "aman", ["<del>- &lt;script&gt;alert(1)&lt;/script&gt;</del>", "<ins>+ aman</ins>"]),
    ("sama", "sama", []),
])
def test_the_diff_shows_changed_lines_escaped(before, after, shown):
    html = str(revisions.diff_html(before, after))
    assert all(part in html for part in shown), html
    assert "<script>" not in html
    if not shown:
        assert html == ""


def test_the_history_page_shows_each_step(client, auth, edited):
    auth.login("budi")
    page = client.get(f"/p/{edited.id}/history", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "3 versions" in html and "Version 3" in html and "the original" in html
    assert "<del>- Lalu jalankan skrip upgrade versi 9.</del>" in html
    assert "<ins>+ Lalu jalankan skrip upgrade versi 9.1.</ins>" in html


def test_members_get_no_history_page(client, auth, edited):
    auth.login("rina")
    assert client.get(f"/p/{edited.id}/history").status_code == 403


def test_edited_links_to_the_history_for_those_allowed(app, client, auth, thread, edited):
    history = f'href="/p/{edited.id}/history"'
    assert history not in client.get(f"/t/{thread.id}").get_data(as_text=True)  # a guest: plain text
    assert "edited" in client.get(f"/t/{thread.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    auth.login("rina")
    assert history not in client.get(f"/t/{thread.id}").get_data(as_text=True)
    auth.logout()
    auth.login("budi")
    assert history in client.get(f"/t/{thread.id}").get_data(as_text=True)
    auth.logout()
    auth.login("sari")
    assert history in client.get(f"/t/{thread.id}").get_data(as_text=True)


def test_the_edit_page_keeps_a_version_too(app, client, auth, other_user, post):
    auth.login("budi")
    answer = post_form(client, f"/p/{post.id}/edit", {"body": "Versi baru dari halaman."})
    assert answer.status_code == 302
    versions = Api(app.test_client()).sign_in("budi").get(f"/posts/{post.id}/revisions").get_json()
    assert [v["body"] for v in versions][-1] == "Versi baru dari halaman." and len(versions) == 2
