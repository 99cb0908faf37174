"""A thread page costs a fixed number of SQL statements, however many posts and authors."""

from __future__ import annotations

from forum.board import services as board
from tests.fixtures.db import counting


def _grow(app, thread, users, posts):
    with app.app_context():
        for i in range(posts):
            board.reply(users[i % len(users)], thread.id, f"balasan {i}")


def test_thread_page_queries_do_not_grow(app, client, auth, thread, make_user, user):
    auth.login()
    _grow(app, thread, [make_user("awal")], 2)
    with counting(app) as small:
        assert client.get(f"/t/{thread.id}").status_code == 200
    _grow(app, thread, [make_user(f"user{i}") for i in range(12)], 40)
    with counting(app) as large:
        page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "balasan 39" in page
    assert len(large) == len(small), large
    # The user, the thread, its tags, in one statement the reader's read position and reactions on the
    # page (the posts come from the shared rendering), in one the bell's unread count and the reader's
    # watch levels (notifications); both views showed new posts, so both also advanced the read
    # position: BEGIN IMMEDIATE and one upsert.
    assert len(large) <= 7, large


def test_index_and_list_queries_do_not_grow(app, client, thread, make_user):
    with counting(app) as small:
        client.get("/")
        client.get("/c/teknologi-informasi")
    author = make_user("penulis")
    with app.app_context():
        for i in range(15):
            board.create_thread(author, "teknologi-informasi", f"Utas nomor {i}", "isi", ["tag-" + str(i)])
    with counting(app) as large:
        client.get("/")
        client.get("/c/teknologi-informasi")
    assert len(large) == len(small)


def _writes(statements) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_page_views_never_write(app, client, auth, thread, post):
    """Only a member's first view of posts they had not seen writes: their read position, once."""
    auth.login()
    urls = ("/", "/latest", "/c/teknologi-informasi", "/c/teknologi-informasi?filter=unsolved", f"/t/{thread.id}",
            f"/p/{post.id}/reactions", "/u/rina", "/search?q=slims", f"/api/v1/threads/{thread.id}",
            "/api/v1/threads?filter=unanswered", "/api/v1/categories")
    with counting(app) as first:
        for url in urls:
            assert client.get(url).status_code == 200, url
    assert [s.split()[:3] for s in _writes(first)] == [["INSERT", "INTO", "thread_reads"]]
    with counting(app) as again:
        for url in urls:
            assert client.get(url).status_code == 200, url
    assert _writes(again) == []
