"""Atom feeds: the latest threads, a category's, a tag's, a thread's posts; guests' view only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import insert, select, update

from forum.board import feeds
from forum.board import services as board
from forum.board.models import Post, Tag, thread_tags
from forum.extensions import db
from forum.models_base import utcnow

A = "{http://www.w3.org/2005/Atom}"
TAG_ID = re.compile(r"^tag:([a-z0-9.-]+),(\d{4}-\d{2}-\d{2}):(thread|post)-(\d+)$")


def atom(response) -> ET.Element:
    """The response parsed as an Atom 1.0 feed, after checking what every feed must carry."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.get_data())  # noqa: S314 - our own document, from the test client
    assert root.tag == A + "feed"
    for name in ("id", "title", "updated"):
        assert root.find(A + name) is not None and root.find(A + name).text, name
    assert root.find(f"{A}link[@rel='self']").get("href").endswith(".atom")
    for entry in root.findall(A + "entry"):
        for name in ("id", "title", "updated", "published", "content"):
            assert entry.find(A + name) is not None, name
        assert entry.find(f"{A}author/{A}name").text
        assert TAG_ID.match(entry.find(A + "id").text), entry.find(A + "id").text
        for name in ("published", "updated"):
            when = datetime.fromisoformat(entry.find(A + name).text)
            assert when.utcoffset().total_seconds() == 0  # UTC
    return root


def link(entry) -> str:
    """The entry's alternate link (Atom's default ``rel``, so feedgen leaves it out)."""
    [href] = [el.get("href") for el in entry.findall(A + "link") if el.get("rel", "alternate") == "alternate"]
    return href


def entries(root) -> list[dict]:
    return [{"title": e.find(A + "title").text, "id": e.find(A + "id").text,
             "link": link(e),
             "author": e.find(f"{A}author/{A}name").text,
             "published": datetime.fromisoformat(e.find(A + "published").text),
             "updated": datetime.fromisoformat(e.find(A + "updated").text),
             "content": e.find(A + "content").text, "content_type": e.find(A + "content").get("type")}
            for e in root.findall(A + "entry")]


@pytest.fixture
def admin(make_user):
    """An admin, who can read every private thread on the site (but not in a feed)."""
    return make_user("admin", role="admin")


@pytest.fixture
def secret(app, user, other_user, thread):
    """A private (mentorship-like) thread of Rina and Budi, in the same category and with the same tag."""
    with app.app_context():
        private = board.create_private_thread(user, [other_user], "teknologi-informasi", "Rahasia mentoring",
                                              "Catatan pribadi tentang SLiMS")
        board.reply(other_user, private.id, "Balasan pribadi")
        slims = db.session.scalar(select(Tag.id).where(Tag.name == "slims"))
        db.session.execute(insert(thread_tags).values(thread_id=private.id, tag_id=slims))
        db.session.commit()
        return private.id


def test_latest_feed_has_each_thread_with_its_first_post(app, client, thread, post, user):
    root = atom(client.get("/feeds/latest.atom"))
    assert root.find(A + "title").text.startswith("Latest threads")
    [entry] = entries(root)
    assert entry["title"] == "Migrasi SLiMS ke versi 9"
    site = app.config["SITE_URL"]  # links are under SITE_URL (its default: the development server)
    assert entry["link"] == f"{site}/t/{thread.id}"
    host, _date, kind, number = TAG_ID.match(entry["id"]).groups()
    assert (host, kind, int(number)) == (urlsplit(site).hostname, "thread", thread.id)
    assert entry["author"] == "Rina Marlina"
    assert entry["content_type"] == "html"
    assert "<strong>migrasi</strong>" in entry["content"]  # the stored, sanitised rendering
    assert entry["published"] == entry["updated"]


def test_newest_thread_first_and_at_most_the_limit(app, client, user, monkeypatch):
    with app.app_context():
        ids = [board.create_thread(user, "teknologi-informasi", f"Pertanyaan nomor {n}", f"isi {n}").id
               for n in range(5)]
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 3)
    got = entries(atom(client.get("/feeds/latest.atom")))
    assert [e["link"].rsplit("/", 1)[1] for e in got] == [str(i) for i in reversed(ids[2:])]


def test_links_and_ids_use_site_url_when_set(app_with, thread):
    app = app_with(SITE_URL="https://jejaring.example.org")
    root = atom(app.test_client().get("/feeds/latest.atom"))
    assert root.find(f"{A}link[@rel='self']").get("href") == "https://jejaring.example.org/feeds/latest.atom"
    [entry] = entries(root)
    assert entry["link"] == f"https://jejaring.example.org/t/{thread.id}"
    assert entry["id"].startswith("tag:jejaring.example.org,")


def test_entry_ids_are_stable_and_edits_show_as_updated(app, client, thread, user):
    before = entries(atom(client.get("/feeds/latest.atom")))[0]
    with app.app_context():
        first = db.session.scalar(select(Post.id).where(Post.thread_id == thread.id, Post.number == 1))
        board.edit_post(user, first, "Sudah **berhasil**, terima kasih.")
    after = entries(atom(client.get("/feeds/latest.atom")))[0]
    assert after["id"] == before["id"]
    assert after["updated"] > after["published"]
    assert "<strong>berhasil</strong>" in after["content"]


def test_thread_feed_lists_its_posts_newest_first(app, client, thread, post, user):
    with app.app_context():
        last = board.reply(user, thread.id, "Terima kasih, <script>alert(1)</script> berhasil!")
    root = atom(client.get(f"/t/{thread.id}/feed.atom"))
    assert root.find(A + "title").text.startswith("Migrasi SLiMS ke versi 9")
    got = entries(root)
    site = app.config["SITE_URL"]
    assert [e["link"] for e in got] == [f"{site}/p/{pid}" for pid in (last.id, post.id, post.id - 1)]
    assert [e["title"] for e in got] == ["Re: Migrasi SLiMS ke versi 9"] * 2 + ["Migrasi SLiMS ke versi 9"]
    assert [e["author"] for e in got] == ["Rina Marlina", "Budi", "Rina Marlina"]
    assert "<script>" not in got[0]["content"] and "&lt;script&gt;" in got[0]["content"]
    assert TAG_ID.match(got[0]["id"]).group(3, 4) == ("post", str(last.id))


def test_category_and_tag_feeds(app, client, thread, user):
    with app.app_context():
        elsewhere = board.create_thread(user, "layanan-pengguna", "Layanan referensi daring", "isi", ["slims"])
        board.create_thread(user, "layanan-pengguna", "Tanpa tag", "isi")
    category = entries(atom(client.get("/c/teknologi-informasi/feed.atom")))
    assert [e["title"] for e in category] == ["Migrasi SLiMS ke versi 9"]
    tag = entries(atom(client.get("/tags/slims/feed.atom")))
    assert [e["link"] for e in tag] == [f"{app.config['SITE_URL']}/t/{i}" for i in (elsewhere.id, thread.id)]


def test_empty_category_is_a_valid_feed(client):
    root = atom(client.get("/c/layanan-pengguna/feed.atom"))
    assert root.findall(A + "entry") == []


@pytest.mark.parametrize("path", ["/c/tidak-ada/feed.atom", "/tags/tidak-ada/feed.atom", "/tags/BAD!/feed.atom",
                                  "/t/999999/feed.atom", "/t/99999999999/feed.atom"])
def test_unknown_category_tag_or_thread_is_404(client, thread, path):
    assert client.get(path).status_code == 404


def test_private_thread_never_in_any_feed_whoever_asks(app, client, auth, thread, secret, admin):
    for who in (None, "rina", "admin"):  # a guest, a member of the private thread, an admin
        if who:
            auth.login(who)
        assert client.get(f"/t/{secret}/feed.atom").status_code == 404
        for path in ("/feeds/latest.atom", "/c/teknologi-informasi/feed.atom", "/tags/slims/feed.atom"):
            body = client.get(path).get_data(as_text=True)
            got = entries(atom(client.get(path)))
            assert [e["title"] for e in got] == ["Migrasi SLiMS ke versi 9"], (who, path)
            assert "Rahasia" not in body and "pribadi" not in body and f"/t/{secret}" not in body
        if who:
            auth.logout()
    assert client.get(f"/t/{secret}").status_code == 404  # the guest's page too


def test_etag_gives_304_until_the_feed_changes(app, client, thread, other_user):
    first = client.get(f"/t/{thread.id}/feed.atom")
    etag = first.headers["ETag"]
    again = client.get(f"/t/{thread.id}/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    with app.app_context():
        board.reply(other_user, thread.id, "Satu balasan lagi")
    changed = client.get(f"/t/{thread.id}/feed.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert len(entries(atom(changed))) == 2


def test_if_modified_since_gives_304_until_a_newer_post(app, client, thread, other_user):
    with app.app_context():  # an hour old: a thread started now is in a later second than its Last-Modified
        db.session.execute(update(Post).values(created_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    stamp = client.get("/feeds/latest.atom").headers["Last-Modified"]
    assert client.get("/feeds/latest.atom", headers={"If-Modified-Since": stamp}).status_code == 304
    with app.app_context():
        board.create_thread(other_user, "teknologi-informasi", "Thread yang lebih baru", "isi")
    newer = client.get("/feeds/latest.atom", headers={"If-Modified-Since": stamp})
    assert newer.status_code == 200 and len(entries(atom(newer))) == 2
    assert newer.headers["Last-Modified"] != stamp


def test_pages_announce_their_feeds(app, client, auth, thread, secret):
    alternate = 'rel="alternate" type="application/atom+xml" href="{}"'
    pages = {"/": "/feeds/latest.atom", "/c/teknologi-informasi": "/c/teknologi-informasi/feed.atom",
             f"/t/{thread.id}": f"/t/{thread.id}/feed.atom"}
    for page, feed in pages.items():
        html = client.get(page).get_data(as_text=True)
        assert alternate.format(feed) in html, page
        assert f'class="feed-link" href="{feed}"' in html, page
    assert alternate.format("/tags/slims/feed.atom") in client.get(f"/t/{thread.id}").get_data(as_text=True)
    auth.login("rina")
    private_page = client.get(f"/t/{secret}").get_data(as_text=True)
    assert "Rahasia mentoring" in private_page and "feed.atom" not in private_page  # its feed would be a 404


def test_feed_speaks_the_readers_language(client, thread, post):
    root = atom(client.get(f"/t/{thread.id}/feed.atom", headers={"Accept-Language": "id"}))
    assert root.find(A + "title").text == "Migrasi SLiMS ke versi 9 · Jejaring"
    assert entries(root)[0]["title"] == "Balasan: Migrasi SLiMS ke versi 9"
    latest = atom(client.get("/feeds/latest.atom", headers={"Accept-Language": "id"}))
    assert latest.find(A + "title").text == "Utas terbaru · Jejaring"


def test_a_tag_search_announces_the_tag_feed(client, thread):
    """Tag links lead to the search filtered by that tag: it offers the tag's feed, announced and linked."""
    page = client.get("/search?tag=slims").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml" href="/tags/slims/feed.atom"' in page
    assert 'class="feed-link" href="/tags/slims/feed.atom"' in page
    assert "feed.atom" not in client.get("/search?q=katalog").get_data(as_text=True)
