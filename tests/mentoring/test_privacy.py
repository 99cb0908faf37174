"""A mentorship's private thread: only the pair and admins, through every door."""

from __future__ import annotations

import pytest

from forum.board import services as board
from tests.fixtures.api import Api
from tests.fixtures.web import post_form

SECRET = "rahasia-bimbingan-katalog"


@pytest.fixture
def private_thread(app, active, mentor):
    """The pair's thread with a reply nobody else may read."""
    with app.app_context():
        board.reply(mentor, active.thread_id, f"Catatan {SECRET} untuk pertemuan pertama.")
    return active.thread_id


@pytest.fixture
def outsiders(make_user):
    return {"member": make_user("tetangga"), "moderator": make_user("modlain", role="moderator")}


def test_pair_and_admin_can_read(app, client, private_thread, make_user):
    make_user("kepala", role="admin")
    for username in ("mentorsari", "menteebudi", "kepala"):
        api = Api(client).sign_in(username)
        assert api.get(f"/threads/{private_thread}").status_code == 200
        assert SECRET in str(api.get(f"/search?q={SECRET}").get_json())


@pytest.mark.parametrize("who", ["guest", "member", "moderator"])
def test_nobody_else_can_read(app, client, auth, private_thread, outsiders, who):
    api = Api(client) if who == "guest" else Api(client).sign_in(outsiders[who].username)
    assert api.get(f"/threads/{private_thread}").status_code == 404
    assert api.get(f"/threads/{private_thread}/posts").status_code in (404, 405)
    assert api.get(f"/search?q={SECRET}").get_json()["total"] == 0
    for category in api.get("/categories").get_json():
        listing = api.get(f"/categories/{category['slug']}/threads").get_json()
        assert private_thread not in [t["id"] for t in listing["items"]]
    if who != "guest":
        auth.login(outsiders[who].username)
    for url in (f"/t/{private_thread}", f"/search?q={SECRET}", "/c/mentoring", "/", "/u/mentorsari",
                "/u/menteebudi"):
        response = client.get(url)
        assert f"Catatan {SECRET}" not in response.get_data(as_text=True), url  # the search box echoes the query
    assert client.get(f"/t/{private_thread}").status_code == 404
    if who != "guest":
        response = post_form(client, f"/t/{private_thread}/reply", {"body": "menyusup"}, token_from="/")
        assert response.status_code == 404
        assert api.post(f"/threads/{private_thread}/posts", {"body": "menyusup"}).status_code == 404


def test_private_posts_do_not_count_publicly(app, client, private_thread):
    categories = {c["slug"]: c for c in Api(client).get("/categories").get_json()}
    assert categories["mentoring"]["thread_count"] == 0 and categories["mentoring"]["post_count"] == 0
