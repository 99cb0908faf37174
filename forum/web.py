"""App-wide HTTP behaviour: security headers, /healthz, the language switch."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Blueprint, current_app, jsonify, redirect, request, session
from sqlalchemy import text

from forum.errors import Invalid
from forum.extensions import db
from forum.urls import safe_next

bp = Blueprint("web", __name__)

CSP = (
    "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


@bp.get("/healthz")
def healthz():
    """Cheap liveness and readiness: the database, and Redis when configured.

    ``database`` and ``redis`` stay the short ``"ok"`` / ``"error: Kind"`` of the
    contract; ``checks`` says which database (kind and name, never a password or
    host) and whether it answered, and how long that took.
    """
    status = {"status": "ok", "database": "ok", "checks": {}}
    code = 200
    engine = db.engine
    check = {"backend": engine.dialect.name, "name": _database_name(engine.url), "answers": True}
    started = time.perf_counter()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        status.update(status="error", database=f"error: {type(exc).__name__}")
        check.update(answers=False, error=type(exc).__name__)
        code = 503
    check["ms"] = round((time.perf_counter() - started) * 1000, 1)
    status["checks"]["database"] = check
    queue = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if queue:
        status["redis"] = "ok"
        try:
            import redis

            redis.Redis.from_url(queue, socket_timeout=1, socket_connect_timeout=1).ping()
        except Exception as exc:  # noqa: BLE001
            status.update(status="error", redis=f"error: {type(exc).__name__}")
            code = 503
    response = jsonify(status)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    if code == 503:
        response.headers["Retry-After"] = str(current_app.config.get("DATABASE_RETRY_AFTER", 5))
    return response


def _database_name(url) -> str:
    """The database's name: PostgreSQL's database, or the SQLite file's name without its folder."""
    name = url.database or ""
    return Path(name).name if url.get_backend_name() == "sqlite" else name


@bp.get("/language")
def set_language():
    """The language links in the footer: remembered for this browser session.

    A plain link (no form, no CSRF token) so anonymous pages need no session
    at all; a lasting choice is saved on the settings page.
    """
    lang = request.args.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        raise Invalid(fields={"lang": "unknown language"})
    session["lang"] = lang
    return redirect(safe_next(request.args.get("next")) or "/")


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config.get("ENV_NAME") == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
