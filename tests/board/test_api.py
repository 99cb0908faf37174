"""The JSON API of accounts and the forum, as CONTRACT.md describes it."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def rina(api, user):
    return api.sign_in("rina")


def test_register_then_token_then_me(api):
    response = api.post("/users", {"username": "dewi", "email": "dewi@example.org", "password": PASSWORD,
                                   "region": "padang", "institution": "TBM Rumah Baca"})
    assert response.status_code == 201
    assert response.get_json()["region"] == "padang"
    response = api.post("/tokens", {"username": "dewi", "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert datetime.fromisoformat(body["expires_at"]).tzinfo is not None
    me = Api(api.client, body["token"]).get("/me").get_json()
    assert (me["username"], me["region"], me["role"]) == ("dewi", "padang", "member")


def test_bad_credentials_are_401(api, user):
    response = api.post("/tokens", {"username": "rina", "password": "salah-salah-salah"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_signed_in"


def test_token_is_stored_hashed(api, user, app):
    token = api.sign_in("rina").token
    from forum.accounts.models import ApiToken
    from forum.extensions import db

    with app.app_context():
        stored = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert token not in stored and len(stored) == 1


def test_expired_and_revoked_tokens_stop_working(api, user, app):
    signed = api.sign_in("rina")
    assert signed.get("/me").status_code == 200
    from forum.accounts.models import ApiToken
    from forum.extensions import db
    from forum.models_base import utcnow

    with app.app_context():
        db.session.execute(db.update(ApiToken).values(expires_at=utcnow()))
        db.session.commit()
    assert signed.get("/me").status_code == 401
    fresh = api.sign_in("rina")
    assert fresh.delete("/tokens/current").status_code == 204
    assert fresh.get("/me").status_code == 401


def test_regions(api):
    regions = api.get("/regions").get_json()
    assert {"slug": "bukittinggi", "name": "Bukittinggi", "province": "Sumatera Barat", "code": "13.75",
            "kind": "city"} in regions


def test_categories_and_threads(api, rina, thread, post):
    categories = {c["slug"]: c for c in api.get("/categories").get_json()}
    assert categories["teknologi-informasi"]["thread_count"] == 1
    listing = api.get("/categories/teknologi-informasi/threads").get_json()
    assert listing["total"] == 1 and listing["page"] == 1 and listing["pages"] == 1
    item = listing["items"][0]
    assert item["title"] == "Migrasi SLiMS ke versi 9" and item["reply_count"] == 1 and item["tags"] == ["slims"]
    assert item["author"] == "rina"


def test_create_thread_reply_edit_and_read(api, rina, other_user):
    response = rina.post("/threads", {"category": "pengelolaan-koleksi", "title": "Penyiangan koleksi lama",
                                      "body": "Kriteria *penyiangan*?", "tags": ["weeding", "koleksi"]})
    assert response.status_code == 201
    created = response.get_json()
    assert created["category"] == "pengelolaan-koleksi" and created["posts"][0]["html"].startswith("<p>Kriteria <em>")
    budi = api.sign_in("budi")
    reply = budi.post(f"/threads/{created['id']}/posts", {"body": "Pakai metode CREW."})
    assert reply.status_code == 201
    thread = api.get(f"/threads/{created['id']}").get_json()
    assert [p["author"] for p in thread["posts"]["items"]] == ["rina", "budi"]
    assert thread["tags"] == ["koleksi", "weeding"] and thread["locked"] is False
    edit = rina.patch(f"/posts/{created['posts'][0]['id']}", {"body": "Kriteria penyiangan yang Anda pakai?"})
    assert edit.status_code == 200 and edit.get_json()["edited_at"] is not None
    assert budi.patch(f"/posts/{created['posts'][0]['id']}", {"body": "x"}).status_code == 403


def test_search(api, thread, post):
    result = api.get("/search?q=cadangkan").get_json()
    assert result["total"] == 1
    hit = result["items"][0]
    assert hit["thread_id"] == thread.id and hit["post_id"] == post.id and hit["title"] == thread.title
    assert "Cadangkan" in hit["snippet"]
    in_title = api.get("/search?q=slims&category=teknologi-informasi").get_json()
    # One thread (its title matches both posts); neither post's own text says SLiMS, so only the best is shown.
    assert in_title["total"] == 1 and len(in_title["items"][0]["posts"]) == 1
    assert api.get("/search?q=slims&category=mentoring").get_json()["total"] == 0


def test_session_write_needs_csrf_header(client, auth, user):
    auth.login()
    body = {"category": "mentoring", "title": "Tanpa token", "body": "isi"}
    response = client.post("/api/v1/threads", json=body)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"
    from tests.fixtures.web import csrf

    response = client.post("/api/v1/threads", json=body, headers={"X-CSRFToken": csrf(client, "/")})
    assert response.status_code == 201


def test_rate_limit_answers_json_429(db_url, make_app):
    limited = make_app({"SQLALCHEMY_DATABASE_URI": db_url, "RATELIMIT_ENABLED": True,
                        "RATELIMIT_STORAGE_URI": "memory://"})
    client = limited.test_client()
    statuses = [client.post("/api/v1/tokens", json={"username": "x", "password": "y"}).status_code
                for _ in range(25)]
    assert statuses[0] == 401 and statuses[-1] == 429
    body = client.post("/api/v1/tokens", json={"username": "x", "password": "y"}).get_json()
    assert body["error"]["code"] == "rate_limited"
