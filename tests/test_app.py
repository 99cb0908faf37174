"""App-wide behaviour: health, headers, configuration, the database under test."""

from __future__ import annotations

import os

from forum.extensions import db


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_healthz_names_the_failing_database(make_app):
    broken = make_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"].startswith("error")


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_suite_runs_on_the_database_ci_asked_for(app):
    """CI sets JEJARING_EXPECT_DIALECT so a run that silently fell back to SQLite fails."""
    expected = os.environ.get("JEJARING_EXPECT_DIALECT")
    with app.app_context():
        dialect = db.engine.dialect.name
    if expected:
        assert dialect == expected
    else:
        assert dialect in ("sqlite", "postgresql")


def test_sqlite_connection_settings(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_secret_key_generated_once(tmp_path):
    from forum.config import instance_secret_key

    first = instance_secret_key(tmp_path)
    assert len(first) > 40
    assert instance_secret_key(tmp_path) == first


def test_deployments_sharing_a_redis_keep_their_rooms_apart(monkeypatch, make_app):
    """Each deployment publishes live events on its own channel (SOCKETIO_CHANNEL), not a shared default."""
    from forum.config import Config
    from forum.extensions import socketio

    monkeypatch.setenv("SOCKETIO_CHANNEL", "jejaring-staging")
    assert Config.from_env()["SOCKETIO_CHANNEL"] == "jejaring-staging"
    make_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SOCKETIO_MESSAGE_QUEUE": "redis://127.0.0.1:6379/11",
              "SOCKETIO_CHANNEL": "jejaring-staging"})
    assert socketio.server.manager.channel == "jejaring-staging"
