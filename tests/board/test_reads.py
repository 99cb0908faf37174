"""'New since your last visit': read positions, the markers in lists and on thread pages."""

from __future__ import annotations

from sqlalchemy import select

from forum.board import services as board
from forum.board.models import ThreadRead
from forum.extensions import db
from tests.fixtures.db import counting


def _position(app, user, thread_id):
    with app.app_context():
        return db.session.scalar(select(ThreadRead.last_read_post_number)
                                 .where(ThreadRead.user_id == user.id, ThreadRead.thread_id == thread_id))


def _writes(statements) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_view_writes_only_when_the_position_advances(app, client, auth, user, thread, post, other_user):
    auth.login()
    assert _position(app, user, thread.id) is None
    with counting(app) as first:
        client.get(f"/t/{thread.id}")
    assert len(_writes(first)) == 1 and _position(app, user, thread.id) == 2
    with counting(app) as again:
        client.get(f"/t/{thread.id}")
    assert _writes(again) == []
    with app.app_context():
        board.reply(other_user, thread.id, "Satu lagi.")
    with counting(app) as advanced:
        client.get(f"/t/{thread.id}")
    assert len(_writes(advanced)) == 1 and _position(app, user, thread.id) == 3


def test_the_position_never_moves_back(app, client, auth, user, thread, other_user):
    app.config["POSTS_PER_PAGE"] = 2
    with app.app_context():
        for i in range(4):
            board.reply(other_user, thread.id, f"balasan {i}")
    auth.login()
    client.get(f"/t/{thread.id}?page=3")
    assert _position(app, user, thread.id) == 5
    with counting(app) as earlier_page:
        client.get(f"/t/{thread.id}?page=1")
    assert _writes(earlier_page) == [] and _position(app, user, thread.id) == 5


def test_new_posts_are_marked_in_lists_and_on_the_thread_page(app, client, auth, thread, post, other_user):
    app.config["POSTS_PER_PAGE"] = 3
    auth.login()
    listing = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert 'class="badge new"' not in listing  # never opened: nothing to compare with
    client.get(f"/t/{thread.id}")  # read up to post 2
    with app.app_context():
        for i in range(3):
            board.reply(other_user, thread.id, f"kabar baru {i}")
    for path in ("/c/teknologi-informasi", "/latest", "/"):
        page = client.get(path).get_data(as_text=True)
        assert f'<a class="badge new" href="/t/{thread.id}#new">3 new</a>' in page, path
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    divider = page.index('id="new"')
    assert page.index("Cadangkan database dulu") < divider < page.index("kabar baru 0")
    # Page 1 showed posts 1 to 3: the first unread post is on page 2, and the list links there.
    assert 'id="new"' not in client.get(f"/t/{thread.id}").get_data(as_text=True)
    listing = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert f'<a class="badge new" href="/t/{thread.id}?page=2#new">2 new</a>' in listing
    page = client.get(f"/t/{thread.id}?page=2").get_data(as_text=True)
    assert page.index('id="new"') < page.index("kabar baru 1")
    # Read to the end now: no marker, no divider.
    assert "badge new" not in client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert 'id="new"' not in client.get(f"/t/{thread.id}?page=2").get_data(as_text=True)


def test_guests_see_no_markers(app, client, auth, thread, post, other_user):
    auth.login()
    client.get(f"/t/{thread.id}")
    with app.app_context():
        board.reply(other_user, thread.id, "Balasan baru.")
    auth.logout()
    assert "badge new" not in client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert 'id="new"' not in client.get(f"/t/{thread.id}").get_data(as_text=True)


def test_markers_are_per_member_on_a_shared_list(app, client, auth, thread, post, other_user, make_user):
    """The cached list rendering is shared; each member's markers are their own."""
    assert app.config["PAGE_CACHE"]
    make_user("tono")
    auth.login()
    client.get(f"/t/{thread.id}")
    with app.app_context():
        board.reply(other_user, thread.id, "Balasan baru.")
    assert "1 new" in client.get("/c/teknologi-informasi").get_data(as_text=True)
    auth.logout()
    auth.login("tono")
    assert "badge new" not in client.get("/c/teknologi-informasi").get_data(as_text=True)


def test_a_page_past_the_end_reads_nothing(app, client, auth, user, thread, post):
    auth.login()
    client.get(f"/t/{thread.id}?page=9")
    assert _position(app, user, thread.id) is None
