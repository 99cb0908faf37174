"""Bad input everywhere gets a clear 4xx and changes nothing; never a 500.

Walks the same cases through the pages and the API: empty and huge titles
and bodies, unknown categories, malformed JSON, wrong types, ids that do not
exist, duplicate usernames, and a second member editing someone else's post.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.accounts.models import User
from forum.board.models import Post, Thread
from forum.extensions import db
from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import post_form

HUGE = "x" * 20_001


def snapshot(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(Thread.id))),
            db.session.scalar(select(func.count(Post.id))),
            tuple(db.session.scalars(select(Post.body).order_by(Post.id))),
            tuple(db.session.scalars(select(Thread.title).order_by(Thread.id))),
        )


THREAD_CASES = [
    ({"category": "mentoring", "title": "", "body": "isi"}, "title"),
    ({"category": "mentoring", "title": "ab", "body": "isi"}, "title"),
    ({"category": "mentoring", "title": "t" * 161, "body": "isi"}, "title"),
    ({"category": "mentoring", "title": "Judul yang baik", "body": ""}, "body"),
    ({"category": "mentoring", "title": "Judul yang baik", "body": "   "}, "body"),
    ({"category": "mentoring", "title": "Judul yang baik", "body": HUGE}, "body"),
    ({"category": "tidak-ada", "title": "Judul yang baik", "body": "isi"}, "category"),
    ({"category": "mentoring", "title": "Judul yang baik", "body": "isi", "tags": ["BAD TAG!"]}, "tags"),
    ({"category": "mentoring", "title": "Judul yang baik", "body": "isi", "tags": [f"t{i}x" for i in range(6)]}, "tags"),
]


@pytest.mark.parametrize(("data", "field"), THREAD_CASES)
def test_api_new_thread_bad_input(client, app, user, data, field):
    api = Api(client).sign_in("rina")
    before = snapshot(app)
    response = api.post("/threads", data)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]
    assert snapshot(app) == before


@pytest.mark.parametrize(("data", "field"), [c for c in THREAD_CASES if c[1] != "category"])
def test_page_new_thread_bad_input(client, app, auth, user, data, field):
    auth.login()
    before = snapshot(app)
    form = {k: (",".join(v) if isinstance(v, list) else v) for k, v in data.items() if k != "category"}
    response = post_form(client, "/c/mentoring/new", form)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_page_unknown_category_is_404(client, auth, user):
    auth.login()
    assert client.get("/c/tidak-ada/new").status_code == 404
    assert client.get("/c/tidak-ada").status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "not json at all",
        '{"category": "mentoring", "title": ',
        "[1, 2, 3]",
        '"a string"',
        '{"category": 5, "title": ["a"], "body": {"x": 1}}',
        '{"category": "mentoring", "title": null, "body": null, "tags": "%%%"}',
        '{"category": "mentoring", "title": "Judul", "body": "isi", "tags": [1, 2]}',
    ],
)
def test_api_malformed_or_wrong_types(client, app, user, payload):
    api = Api(client).sign_in("rina")
    before = snapshot(app)
    response = client.post("/api/v1/threads", data=payload, content_type="application/json",
                           headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert snapshot(app) == before


def test_api_non_json_content_type(client, user):
    api = Api(client).sign_in("rina")
    response = client.post("/api/v1/threads", data="title=x", content_type="application/x-www-form-urlencoded",
                           headers={"Authorization": f"Bearer {api.token}"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/threads/999999", "/threads/abc", "/posts/999999", "/categories/nope/threads",
                                  "/users/nobody", "/nothing-here"])
def test_api_missing_things_are_404_json(client, path):
    response = client.get("/api/v1" + path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/t/999999", "/p/999999", "/p/999999/edit", "/c/nope", "/u/nobody", "/t/abc"])
def test_pages_missing_things_are_404(client, auth, user, path):
    auth.login()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e9", "99999999999"])
def test_bad_page_numbers(client, thread, page):
    assert client.get(f"/api/v1/threads/{thread.id}?page={page}").status_code == 400
    assert client.get(f"/t/{thread.id}?page={page}").status_code == 400
    assert client.get(f"/c/teknologi-informasi?page={page}").status_code == 400


def test_reply_to_missing_thread(client, app, auth, user):
    api = Api(client).sign_in("rina")
    assert api.post("/threads/999999/posts", {"body": "halo"}).status_code == 404
    auth.login()
    assert post_form(client, "/t/999999/reply", {"body": "halo"}, token_from="/").status_code == 404


@pytest.mark.parametrize("body", ["", "   ", HUGE, None, 42, ["a"]])
def test_api_bad_reply_bodies(client, app, thread, body):
    api = Api(client).sign_in("rina")
    before = snapshot(app)
    response = api.post(f"/threads/{thread.id}/posts", {"body": body})
    assert response.status_code == 400
    assert "body" in response.get_json()["error"]["fields"]
    assert snapshot(app) == before


@pytest.mark.parametrize("body", ["", "   ", HUGE])
def test_page_bad_reply_bodies(client, app, auth, thread, body):
    auth.login()
    before = snapshot(app)
    response = post_form(client, f"/t/{thread.id}/reply", {"body": body}, token_from=f"/t/{thread.id}")
    assert response.status_code == 400
    assert snapshot(app) == before


def test_second_user_editing_someone_elses_post(client, app, thread, post, auth):
    before = snapshot(app)
    api = Api(client).sign_in("rina")
    response = api.patch(f"/posts/{post.id}", {"body": "diubah oleh orang lain"})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    auth.login("rina")
    response = post_form(client, f"/p/{post.id}/edit", {"body": "diubah oleh orang lain"}, token_from="/")
    assert response.status_code == 403
    assert snapshot(app) == before


def test_moderator_may_edit_any_post(client, app, thread, post, moderator):
    api = Api(client).sign_in("sari")
    assert api.patch(f"/posts/{post.id}", {"body": "dirapikan moderator"}).status_code == 200


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"username": "rina", "email": "baru@example.org", "password": PASSWORD, "region": "padang"}, 409, "username"),
        ({"username": "RINA", "email": "baru@example.org", "password": PASSWORD, "region": "padang"}, 409, "username"),
        ({"username": "baru", "email": "rina@example.org", "password": PASSWORD, "region": "padang"}, 409, "email"),
        ({"username": "baru", "email": "baru@example.org", "password": "pendek", "region": "padang"}, 400, "password"),
        ({"username": "baru", "email": "baru@example.org", "password": PASSWORD, "region": "mars"}, 400, "region"),
        ({"username": "baru", "email": "bukan-email", "password": PASSWORD, "region": "padang"}, 400, "email"),
        ({"username": 12, "email": [], "password": {}, "region": None}, 400, "username"),
        ({"username": "b" * 33, "email": "baru@example.org", "password": PASSWORD, "region": "padang"}, 400, "username"),
    ],
)
def test_api_register_bad_input(client, app, user, data, status, field):
    before = snapshot(app)
    response = Api(client).post("/users", data)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]
    assert snapshot(app) == before


@pytest.mark.parametrize("data", [{}, {"username": 1, "password": 2}, {"username": "rina"}, {"password": "x"}])
def test_api_token_bad_input(client, user, data):
    response = Api(client).post("/tokens", data)
    assert response.status_code in (400, 401)
    assert "error" in response.get_json()


def test_writes_need_sign_in(client, thread):
    api = Api(client)
    assert api.post("/threads", {"category": "mentoring", "title": "Judul", "body": "isi"}).status_code == 401
    assert api.post(f"/threads/{thread.id}/posts", {"body": "isi"}).status_code == 401
    assert Api(client, "bogus-token").get("/me").status_code == 401


def test_wrong_method_is_json_405(client):
    response = client.delete("/api/v1/categories")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_oversized_request_is_413(client, user):
    api = Api(client).sign_in("rina")
    response = api.post("/threads", {"category": "mentoring", "title": "Judul", "body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
