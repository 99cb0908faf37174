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
    assert len(large) <= 5, large


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


def test_page_views_never_write(app, client, auth, thread, post):
    auth.login()
    with counting(app) as statements:
        for url in ("/", "/c/teknologi-informasi", f"/t/{thread.id}", "/u/rina", "/search?q=slims",
                    f"/api/v1/threads/{thread.id}", "/api/v1/categories"):
            assert client.get(url).status_code == 200
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
