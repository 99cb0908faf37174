"""The database down: pages, API and /healthz answer 503 with Retry-After, and the site recovers by itself."""

from __future__ import annotations

import sqlite3

import pytest

from forum.accounts import services as accounts
from forum.extensions import db
from tests.fixtures.api import Api
from tests.fixtures.db import dispose, migrate_once
from tests.fixtures.domain import PASSWORD
from tests.fixtures.pgserver import PostgresUnavailable, PrivatePostgres
from tests.fixtures.web import AuthActions

NOWHERE = "postgresql+psycopg://nobody@127.0.0.1:1/jejaring"  # nothing listens on port 1
PAGES = ("/", "/c/teknologi-informasi", "/t/1", "/search?q=slims", "/live/", "/u/rina")
UNAVAILABLE = {
    "id": ("Sementara tidak tersedia", "Forum tidak dapat menjangkau basis datanya"),
    "en": ("Temporarily unavailable", "The forum cannot reach its database right now"),
}


@pytest.fixture
def down(make_app):
    """An app whose PostgreSQL does not answer (nothing listens on its port)."""
    return make_app({"SQLALCHEMY_DATABASE_URI": NOWHERE})


def site_with_rina(url: str, **config):
    """An app on its own migrated database with the reference data and Rina; and her API token."""
    from forum import create_app
    from forum.reference import load as load_reference

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, **config})
    with app.app_context():
        load_reference()
        user = accounts.register({"username": "rina", "email": "rina@example.org", "password": PASSWORD,
                                  "region": "bukittinggi", "display_name": "Rina"})
        token, _expires = accounts.issue_token(user)
    return app, token


def assert_unavailable_page(response, lang: str) -> None:
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    html = response.get_data(as_text=True)
    title, message = UNAVAILABLE[lang]
    assert f'<html lang="{lang}">' in html and title in html and message in html


def assert_unavailable_json(response) -> None:
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    error = response.get_json()["error"]
    assert error["code"] == "unavailable"
    assert error["message"].startswith(tuple(message for _title, message in UNAVAILABLE.values()))


@pytest.mark.parametrize("lang, header", [("id", "id-ID,id;q=0.9"), ("en", "en-GB,en;q=0.8")])
@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_503_in_the_readers_language(down, path, lang, header):
    assert_unavailable_page(down.test_client().get(path, headers={"Accept-Language": header}), lang)


def test_a_form_sent_while_the_database_is_down_answers_503(down):
    client = down.test_client()
    response = client.post("/login", data={"username": "rina", "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    # CSRF is checked before the database is asked: without a token the form is refused as usual.
    assert response.status_code == 400
    down.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/login", data={"username": "rina", "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    assert_unavailable_page(response, "en")


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/v1/categories", None),
    ("GET", "/api/v1/threads/1", None),
    ("GET", "/api/v1/search?q=slims", None),
    ("POST", "/api/v1/tokens", {"username": "rina", "password": PASSWORD}),
    ("POST", "/api/v1/threads/1/posts", {"body": "Halo"}),
])
def test_api_answers_503_json(down, method, path, body):
    response = down.test_client().open(path, method=method, json=body,
                                        headers={"Authorization": "Bearer some-token"})
    assert_unavailable_json(response)


def test_a_client_asking_for_json_gets_json(down):
    response = down.test_client().get("/", headers={"Accept": "application/json"})
    assert_unavailable_json(response)


def test_a_signed_in_member_gets_the_page_without_the_database(client, auth, user, down):
    """The member's session names a user whose loader needs the database: the 503 page must not load it."""
    auth.login()
    cookie = client.get_cookie("session")
    elsewhere = down.test_client()
    elsewhere.set_cookie("session", cookie.value)
    assert_unavailable_page(elsewhere.get("/", headers={"Accept-Language": "id"}), "id")
    # A language chosen in the footer is kept in the session and needs no database either.
    chooser = down.test_client()
    chooser.get("/language?lang=en&next=/")
    assert_unavailable_page(chooser.get("/", headers={"Accept-Language": "id"}), "en")


def test_healthz_names_the_database_and_says_whether_it_answers(client, down):
    healthy = client.get("/healthz")
    assert healthy.status_code == 200
    body = healthy.get_json()
    check = body["checks"]["database"]
    assert body["status"] == "ok" and body["database"] == "ok"
    assert check["answers"] is True and check["backend"] in ("sqlite", "postgresql") and check["name"]
    assert "/" not in check["name"]  # a SQLite file's name, not where it lives

    broken = down.test_client().get("/healthz")
    assert broken.status_code == 503 and int(broken.headers["Retry-After"]) > 0
    body = broken.get_json()
    assert body["status"] == "error" and body["database"] == "error: OperationalError"
    assert body["checks"]["database"] == {**body["checks"]["database"], "backend": "postgresql",
                                          "name": "jejaring", "answers": False, "error": "OperationalError"}


def test_requests_wait_a_bounded_time_for_postgresql(make_app):
    """A connection attempt and a wait for a pooled connection are both cut short (seconds from settings)."""
    app = make_app({"SQLALCHEMY_DATABASE_URI": NOWHERE, "DATABASE_CONNECT_TIMEOUT": 3,
                    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 2}})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["connect_timeout"] == 3
    # A host that vanished from the network: TCP gives up after DATABASE_TCP_TIMEOUT (5 s) of silence.
    assert options["connect_args"]["tcp_user_timeout"] == 5000
    assert options["connect_args"]["keepalives"] == 1 and options["connect_args"]["keepalives_idle"] == 5
    assert options["pool_pre_ping"] is True and options["pool_size"] == 2
    with app.app_context():
        assert db.engine.pool.timeout() == app.config["DATABASE_POOL_TIMEOUT"] == 2


def test_postgresql_connections_carry_the_tcp_timeouts(make_app, db_url):
    """The settings reach libpq: each pooled connection to the real server has them (PostgreSQL runs only)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL setting; the suite's PostgreSQL run covers it")
    app = make_app({"SQLALCHEMY_DATABASE_URI": db_url, "DATABASE_TCP_TIMEOUT": 4})
    with app.app_context(), db.engine.connect() as connection:
        parameters = connection.connection.dbapi_connection.info.get_parameters()
    assert parameters["tcp_user_timeout"] == "4000"
    assert (parameters["keepalives_idle"], parameters["keepalives_interval"]) == ("4", "1")


def test_sqlite_locked_past_its_busy_timeout_answers_503(tmp_path, monkeypatch):
    """Another process holds the write lock longer than the busy timeout: a 503, and the next try works.

    On a SQLite file of its own, also when the suite runs on PostgreSQL.
    """
    path = tmp_path / "locked.db"
    migrate_once(f"sqlite:///{path}")
    monkeypatch.setattr("forum.database.BUSY_TIMEOUT_MS", 50)
    app, token = site_with_rina(f"sqlite:///{path}", SOCKETIO_MESSAGE_QUEUE="")
    try:
        api = Api(app.test_client(), token)
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            assert_unavailable_json(api.post("/threads", {"category": "teknologi-informasi", "title": "Terkunci",
                                                          "body": "Basis data sedang dikunci."}))
            assert api.get("/categories").status_code == 200  # WAL: readers never wait for the writer
            other.execute("ROLLBACK")
        finally:
            other.close()
        created = api.post("/threads", {"category": "teknologi-informasi", "title": "Terbuka lagi",
                                        "body": "Kuncinya sudah lepas."})
        assert created.status_code == 201
    finally:
        dispose(app)


@pytest.mark.slow
def test_postgresql_stopped_and_started_again(tmp_path):
    """A private PostgreSQL goes away under a running app: 503s, then the same app recovers by itself."""
    try:
        pg = PrivatePostgres()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    with pg:
        migrate_once(pg.url)
        app, token = site_with_rina(pg.url)
        try:
            reader = app.test_client()
            member = app.test_client()
            AuthActions(member).login()
            api = Api(app.test_client(), token)
            first = api.post("/threads", {"category": "teknologi-informasi", "title": "Sebelum padam",
                                          "body": "Tersimpan sebelum server berhenti."})
            assert first.status_code == 201
            thread_id = first.get_json()["id"]
            assert member.get(f"/t/{thread_id}").status_code == 200  # the pool now holds live connections

            pg.stop()
            assert_unavailable_page(reader.get(f"/t/{thread_id}", headers={"Accept-Language": "id"}), "id")
            assert_unavailable_page(member.get(f"/t/{thread_id}", headers={"Accept-Language": "en"}), "en")
            assert_unavailable_json(api.get("/categories"))
            assert_unavailable_json(api.post(f"/threads/{thread_id}/posts", {"body": "Saat padam."}))
            health = reader.get("/healthz")
            assert health.status_code == 503 and health.get_json()["checks"]["database"]["answers"] is False

            pg.start()  # returns once the server accepts connections; the app is not touched
            assert reader.get("/healthz").status_code == 200
            assert reader.get(f"/t/{thread_id}").status_code == 200
            assert member.get(f"/t/{thread_id}").status_code == 200
            reply = api.post(f"/threads/{thread_id}/posts", {"body": "Setelah menyala lagi."})
            assert reply.status_code == 201
            bodies = [p["body"] for p in api.get(f"/threads/{thread_id}").get_json()["posts"]["items"]]
            assert bodies == ["Tersimpan sebelum server berhenti.", "Setelah menyala lagi."]
        finally:
            dispose(app)
