"""Moderators' actions on threads tell the authors concerned; merges and splits carry watches and
notifications along with the posts."""

from __future__ import annotations

import pytest

from forum.board import services as board
from forum.extensions import db
from forum.notifications.models import Watch
from tests.notifications.helpers import items


@pytest.fixture
def sari_mod(make_user):
    """Sari, a moderator."""
    return make_user("sarimod", role="moderator", display_name="Sari Moderator")


@pytest.mark.parametrize(("action", "body", "text"), [
    ("lock", {}, "Sari Moderator locked your thread “Migrasi SLiMS ke versi 9”"),
    ("pin", {"reason": "Panduan"}, "Sari Moderator pinned your thread “Migrasi SLiMS ke versi 9”"),
    ("move", {"category": "studi-kasus"},
     "Sari Moderator moved your thread “Migrasi SLiMS ke versi 9” to another category"),
])
def test_the_threads_author_is_told(api, user, sari_mod, thread, action, body, text):
    assert api("sarimod").post(f"/threads/{thread.id}/{action}", body).status_code == 200
    [n] = items(api("rina"))
    assert n["kind"] == "moderation" and n["text"] == text and n["url"] == f"/t/{thread.id}"
    assert items(api("sarimod")) == []


def test_the_text_follows_the_readers_language(api, api_client, user, sari_mod, thread):
    api("sarimod").post(f"/threads/{thread.id}/lock")
    api_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    assert items(api("rina"))[0]["text"] == "Sari Moderator mengunci utas Anda “Migrasi SLiMS ke versi 9”"


def test_a_moderator_acting_on_their_own_thread_is_not_told(api, sari_mod):
    thread = api("sarimod").post("/threads", {"category": "layanan-pengguna", "title": "Aturan forum",
                                              "body": "Baca dulu."}).get_json()
    api("sarimod").post(f"/threads/{thread['id']}/pin")
    assert items(api("sarimod")) == []


def test_a_merge_tells_the_merged_threads_author_and_moves_watches(app, api, user, other_user, sari_mod, thread):
    with app.app_context():
        other = board.create_thread(other_user, "teknologi-informasi", "SLiMS 9 error juga", "Sama di sini.")
        board.reply(user, other.id, "Kami juga, @budi.")
    budi = api("budi")
    assert [n["kind"] for n in items(budi)] == ["mention"]
    budi.put(f"/threads/{other.id}/watch", {"level": "watching"})
    api("sarimod").post(f"/threads/{other.id}/merge", {"into": thread.id})
    news = items(budi)
    assert [n["kind"] for n in news] == ["moderation", "mention"]
    assert news[0]["text"] == "Sari Moderator merged your thread into “Migrasi SLiMS ke versi 9”"
    assert all(n["thread_id"] == thread.id for n in news)
    with app.app_context():
        levels = dict(db.session.execute(db.select(Watch.thread_id, Watch.level)
                                         .where(Watch.user_id == other_user.id)).all())
        assert levels == {thread.id: "watching"}


def test_a_split_tells_the_authors_of_the_moved_posts(app, api, user, other_user, sari_mod, thread, post):
    new = api("sarimod").post(f"/threads/{thread.id}/split", {"post_ids": [post.id], "title": "Cadangan database"})
    assert new.status_code == 201
    [n] = [n for n in items(api("budi")) if n["kind"] == "moderation"]
    assert n["text"] == "Sari Moderator moved your post into a new thread, “Cadangan database”"
    assert n["thread_id"] == new.get_json()["id"]
    # Rina was told of Budi's reply: that notification now leads to the reply's new thread.
    [reply] = [n for n in items(api("rina")) if n["kind"] == "reply"]
    assert reply["thread_id"] == new.get_json()["id"] and reply["url"] == f"/t/{new.get_json()['id']}#p{post.id}"
