"""Every page costs a fixed number of SQL statements, for a guest and for a member alike.

Each page is counted twice, once small and once large (more posts on the thread
page, more threads in the list, more hits in search); the counts must be equal.
The shared page caches are off, so every request renders everything it shows.
"""

from __future__ import annotations

import pytest

from forum.board import reactions
from forum.board import services as board
from tests.fixtures.db import counting

READERS = ["guest", "member"]
@pytest.fixture
def reader(request, app, auth, user):
    """The reader of the pages: a guest, or Rina signed in through the login form."""
    app.config["PAGE_CACHE"] = False  # count what a full rendering costs, not a cache hit
    if request.param == "member":
        auth.login()
    return request.param


def get(client, path: str) -> str:
    resp = client.get(path)
    assert resp.status_code == 200, path
    return resp.get_data(as_text=True)


@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_thread_page_statements_do_not_grow_with_posts(app, client, reader, user, make_user):
    authors = [user] + [make_user(f"penulis{i}") for i in range(12)]
    with app.app_context():
        small = board.create_thread(user, "teknologi-informasi", "Utas kecil", "isi pertama", ["kecil"])
        large = board.create_thread(user, "teknologi-informasi", "Utas besar", "isi pertama", ["besar"])
        for i in range(4):
            board.reply(authors[i % 2], small.id, f"balasan kecil {i}")
        replies = [board.reply(authors[i % len(authors)], large.id, f"balasan besar {i}") for i in range(39)]
        # Solved, with reactions from several members: the solution line and the counts cost no query per post.
        board.mark_solution(user, small.id, small.last_post_id)
        board.mark_solution(user, large.id, replies[5].id)
        for i, reply in enumerate(replies):
            for kind in ("thanks", "helpful", "insightful")[: i % 4]:
                reactions.react(authors[(i + 3) % len(authors)], reply.id, kind)
    # First requests of the session (nothing else counted), and a member's read positions set.
    get(client, f"/t/{small.id}")
    get(client, f"/t/{large.id}")
    with counting(app) as few:
        get(client, f"/t/{small.id}")
    with counting(app) as many:
        page = get(client, f"/t/{large.id}")
    assert "balasan besar 38" in page
    assert page.count('class="card post') == 40
    assert 'class="card solution-box"' in page
    assert len(many) == len(few), many


@pytest.mark.parametrize("reader", ["member"], indirect=True)
def test_thread_page_costs_the_same_with_new_posts_marked(app, client, reader, user, make_user):
    """The "new" divider and advancing the read position cost the same however many posts are new."""
    other = make_user("penulis")
    with app.app_context():
        small = board.create_thread(other, "teknologi-informasi", "Utas kecil", "isi pertama", [])
        large = board.create_thread(other, "teknologi-informasi", "Utas besar", "isi pertama", [])
    get(client, f"/t/{small.id}")
    get(client, f"/t/{large.id}")
    with app.app_context():
        board.reply(other, small.id, "satu balasan baru")
        for i in range(30):
            board.reply(other, large.id, f"balasan baru {i}")
    with counting(app) as few:
        few_page = get(client, f"/t/{small.id}")
    with counting(app) as many:
        many_page = get(client, f"/t/{large.id}")
    assert 'id="new"' in few_page and 'id="new"' in many_page
    assert len(many) == len(few), many


@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_thread_list_and_index_statements_do_not_grow_with_threads(app, client, reader, make_user):
    """Every filter of the lists, on 5 threads and on 25 (each filter has rows in both)."""
    authors = [make_user(f"penulis{i}") for i in range(8)]
    with app.app_context():
        for slug, count in (("layanan-pengguna", 5), ("pengelolaan-koleksi", 25)):
            for i in range(count):
                thread = board.create_thread(authors[i % 2], slug, f"Utas {slug} nomor {i}", "isi",
                                             [f"{slug[:6]}-{i}", "umum"])
                if i % 5:  # every fifth stays unanswered
                    answer = board.reply(authors[(i + 1) % len(authors)], thread.id, "balasan")
                    if i % 5 == 1:
                        board.mark_solution(authors[i % 2], thread.id, answer.id)
    get(client, "/")
    expected = {"": 25, "?filter=unanswered": 5, "?filter=unsolved": 20, "?filter=solved": 5}
    for query, rows in expected.items():
        with counting(app) as few:
            get(client, "/c/layanan-pengguna" + query)
        with counting(app) as many:
            page = get(client, "/c/pengelolaan-koleksi" + query)
        assert page.count("thread-row") == rows, query
        assert len(many) == len(few), (query, many)
    with counting(app) as few:
        page = get(client, "/latest?filter=solved")
    assert page.count("thread-row") == 6
    with counting(app) as many:
        page = get(client, "/latest")
    assert page.count("thread-row") == 30  # one full page
    assert len(many) == len(few), many
    with counting(app) as index_before:
        get(client, "/")
    with app.app_context():
        for i in range(5):
            board.create_thread(authors[i], "studi-kasus", f"Kasus nomor {i}", "isi", [])
    with counting(app) as index_after:
        get(client, "/")
    assert len(index_after) == len(index_before), index_after


@pytest.mark.parametrize("reader", READERS, indirect=True)
def test_search_statements_do_not_grow_with_hits(app, client, reader, user, make_user):
    authors = [user] + [make_user(f"penulis{i}") for i in range(6)]
    with app.app_context():
        for i in range(2):
            thread = board.create_thread(user, "teknologi-informasi", f"Utas kopi {i}", "isi pertama", ["kopi"])
            board.reply(authors[i], thread.id, f"kopimaya nomor {i}")
        for i in range(14):
            thread = board.create_thread(authors[i % len(authors)], "layanan-pengguna", f"Utas teh {i}",
                                         f"tehmanis pembuka {i}", ["teh", f"rasa{i}"])
            for j in range(3):
                board.reply(authors[j], thread.id, f"tehmanis balasan {j}")
    get(client, "/search?q=kopimaya")
    with counting(app) as few:
        few_page = get(client, "/search?q=kopimaya")
    with counting(app) as many:
        many_page = get(client, "/search?q=tehmanis")
    assert few_page.count('class="card hit"') == 2
    assert many_page.count('class="card hit"') == 10  # one full page of threads, each with its best posts
    assert many_page.count('class="snippet"') == 30
    assert "<mark>tehmanis</mark>" in many_page
    assert len(many) == len(few), many
