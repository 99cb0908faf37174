"""Hidden and removed posts: who sees what on the thread page and in the API, and that they never show, for
those who may not see them, in lists' latest posts, search, feeds, notifications or profiles."""

from __future__ import annotations

import pytest

from forum.accounts import services as accounts
from forum.board import services as board
from forum.moderation import queue
from tests.fixtures.api import Api
from tests.fixtures.web import AuthActions
from tests.notifications.helpers import items

SECRET = "Hubungi saya di nomor rahasia kosongdelapan"


@pytest.fixture
def scene(app, client, user, other_user, moderator, make_user):
    """Rina's thread with Budi's reply (SECRET in it); Dewi reads; Sari moderates."""
    make_user("dewi", display_name="Dewi Lestari")
    with app.app_context():
        thread = board.create_thread(user, "teknologi-informasi", "Katalog terpadu kabupaten",
                                     "Bagaimana menyatukan katalog perpustakaan desa?", ["katalog"])
        reply = board.reply(other_user, thread.id, SECRET)
    return thread, reply


def _act(app, action, post_id, reason="Data pribadi"):
    with app.app_context():
        sari = accounts.user_by_username("sari")
        return getattr(queue, action)(sari, post_id, reason)


def _page(app, who, path):
    browser = app.test_client()
    if who:
        AuthActions(browser).login(who)
    response = browser.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("who", "sees"), [(None, False), ("dewi", False), ("budi", True), ("sari", True)])
def test_a_hidden_post_on_the_thread_page(app, scene, who, sees):
    thread, reply = scene
    assert SECRET in _page(app, who, f"/t/{thread.id}")  # cached copies first
    _act(app, "hide", reply.id, "Nomor telepon pribadi")
    page = _page(app, who, f"/t/{thread.id}")
    assert (SECRET in page) is sees
    assert ("Nomor telepon pribadi" in page) is sees
    assert f'id="p{reply.id}"' in page  # a placeholder keeps its place
    if not sees:
        assert "disembunyikan" in page.lower() or "hidden by a moderator" in page.lower()


@pytest.mark.parametrize(("who", "sees"), [(None, False), ("dewi", False), ("budi", False), ("sari", True)])
def test_a_removed_post_is_gone_for_all_but_moderators(app, scene, who, sees):
    thread, reply = scene
    _act(app, "delete", reply.id, "Iklan")
    page = _page(app, who, f"/t/{thread.id}")
    assert (SECRET in page) is sees


def test_thread_json_hides_the_text_and_drops_removed_posts(app, client, scene):
    thread, reply = scene
    _act(app, "hide", reply.id, "Nada kasar")
    for name, full in (("dewi", False), ("budi", True), ("sari", True)):
        posts = Api(client).sign_in(name).get(f"/threads/{thread.id}").get_json()["posts"]["items"]
        hidden = posts[1]
        assert hidden["hidden"] is True and (hidden["body"] == SECRET) is full
        assert (hidden.get("hidden_reason") == "Nada kasar") is full
    _act(app, "delete", reply.id, "Iklan")
    assert [p["id"] for p in Api(client).get(f"/threads/{thread.id}").get_json()["posts"]["items"]] == [
        _first_post_id(app, thread.id)]
    assert Api(client).sign_in("budi").get(f"/posts/{reply.id}").status_code == 404
    moderator_view = Api(client).sign_in("sari").get(f"/threads/{thread.id}").get_json()["posts"]["items"]
    assert moderator_view[1]["state"] == "deleted" and moderator_view[1]["body"] == SECRET


def _first_post_id(app, thread_id):
    with app.app_context():
        return board.posts_page(board.get_thread(None, thread_id), 1).items[0].id


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_lists_show_the_latest_visible_post(app, scene, action):
    thread, reply = scene
    before = _page(app, None, "/c/teknologi-informasi")
    assert "Budi" in before
    _act(app, action, reply.id)
    for who in (None, "dewi"):
        listed = _page(app, who, "/c/teknologi-informasi")
        assert "Budi" not in listed and "Rina Marlina" in listed
        assert "Budi" not in _page(app, who, "/latest")
    with app.app_context():
        category = board.category_by_slug("teknologi-informasi")
        assert category.last_post_id != reply.id
    if action == "hide":
        _act(app, "restore", reply.id)
        assert "Budi" in _page(app, None, "/c/teknologi-informasi")


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_search_never_finds_a_hidden_post(app, client, scene, action):
    _thread, reply = scene
    assert Api(client).get("/search?q=kosongdelapan").get_json()["total"] == 1
    _act(app, action, reply.id)
    for name in (None, "dewi", "budi"):
        api = Api(client).sign_in(name) if name else Api(client)
        assert api.get("/search?q=kosongdelapan").get_json()["total"] == 0, name
    assert "nomor rahasia" not in _page(app, "dewi", "/search?q=kosongdelapan")


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_feeds_never_carry_a_hidden_post(app, client, scene, action):
    thread, reply = scene
    assert "kosongdelapan" in client.get(f"/t/{thread.id}/feed.atom").get_data(as_text=True)
    _act(app, action, reply.id)
    for path in (f"/t/{thread.id}/feed.atom", "/feeds/latest.atom", "/c/teknologi-informasi/feed.atom",
                 "/tags/katalog/feed.atom"):
        assert "kosongdelapan" not in client.get(path).get_data(as_text=True), path


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_notifications_about_a_hidden_post_disappear(app, client, scene, action):
    _thread, reply = scene
    rina = Api(client).sign_in("rina")
    assert [(n["kind"], n["post_id"]) for n in items(rina)] == [("reply", reply.id)]
    _act(app, action, reply.id)
    assert items(rina) == []
    assert rina.get("/notifications/unread-count").get_json()["count"] == 0


def test_profiles_list_a_hidden_post_only_for_its_author_and_moderators(app, scene):
    _thread, reply = scene
    _act(app, "hide", reply.id)
    assert "kosongdelapan" not in _page(app, "dewi", "/u/budi")
    assert "kosongdelapan" not in _page(app, None, "/u/budi")
    assert "kosongdelapan" in _page(app, "budi", "/u/budi")


def test_a_hidden_post_cannot_be_the_solution(app, client, scene):
    thread, reply = scene
    rina = Api(client).sign_in("rina")
    assert rina.put(f"/threads/{thread.id}/solution", {"post_id": reply.id}).get_json()["solved"] is True
    _act(app, "hide", reply.id)
    shown = Api(client).get(f"/threads/{thread.id}").get_json()
    assert shown["solved"] is False and shown["solution_post_id"] is None
    refused = rina.put(f"/threads/{thread.id}/solution", {"post_id": reply.id})
    assert refused.status_code == 400 and "post_id" in refused.get_json()["error"]["fields"]
    assert 'class="card solution-box"' not in _page(app, None, f"/t/{thread.id}")


def test_a_thread_whose_only_post_is_removed_leaves_the_lists(app, client, scene):
    thread, _reply = scene
    with app.app_context():
        spam = board.create_thread(accounts.user_by_username("dewi"), "teknologi-informasi", "Jual followers murah",
                                   "Hubungi kami sekarang juga", [])
    assert "Jual followers" in _page(app, None, "/c/teknologi-informasi")
    _act(app, "delete", _first_post_id(app, spam.id), "Spam")
    for path in ("/c/teknologi-informasi", "/latest", "/"):
        assert "Jual followers" not in _page(app, "dewi", path), path
    assert Api(client).get("/categories/teknologi-informasi/threads").get_json()["total"] == 1


@pytest.mark.parametrize("action", ["hide", "delete"])
def test_reply_counts_count_what_readers_can_see(app, client, scene, action):
    thread, reply = scene
    guest = Api(client)
    assert guest.get(f"/threads/{thread.id}").get_json()["reply_count"] == 1
    _act(app, action, reply.id)
    assert guest.get(f"/threads/{thread.id}").get_json()["reply_count"] == 0
    assert [t["reply_count"] for t in guest.get("/threads").get_json()["items"]] == [0]
    assert "0 balasan" in _page(app, None, f"/t/{thread.id}") or "0 replies" in _page(app, None, f"/t/{thread.id}")
    with app.app_context():
        sari = accounts.user_by_username("sari")
        sari.role = "admin"  # only admins restore removed posts
        queue.restore(sari, reply.id)
    assert guest.get(f"/threads/{thread.id}").get_json()["reply_count"] == 1
