"""Database set-up shared by every capability: SQLite pragmas and write transactions.

SQLite: WAL mode, a busy timeout and foreign keys on every connection. Its
Python driver's own transaction handling is switched off so that we emit
``BEGIN`` ourselves: a read-then-write transaction under plain ``BEGIN``
fails at once with "database is locked" when another writer got there first,
whatever the busy timeout, so services that write open their transaction with
``BEGIN IMMEDIATE`` through :func:`write`. Reads keep a plain ``BEGIN`` so
page views never queue behind each other.
"""

from __future__ import annotations

import contextvars
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

from forum.extensions import db

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000
_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("immediate", default=False)


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves, below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _on_begin(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


@contextmanager
def write() -> Iterator[None]:
    """One write transaction: ``BEGIN IMMEDIATE`` on SQLite, commit or roll back.

    Any read transaction the request had open (loading the signed-in user, say)
    is ended first, so the write sees current data and takes the lock up front.
    Objects stay usable afterwards (``expire_on_commit`` is off). Nested calls
    join the outer transaction, so a service can call another capability's
    service and both changes commit, or neither does.
    """
    if _immediate.get():
        yield
        return
    session = db.session()  # the request's real Session, not the scoped proxy
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            session.flush()
        session.commit()
    token = _immediate.set(True)
    session.info["after_commit"] = []
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _immediate.reset(token)
        callbacks = session.info.pop("after_commit", [])
    for callback in callbacks:  # reached only after a commit: an exception skips this
        try:
            callback()
        except Exception:  # the write is done: a listener that fails must not turn it into an error
            log.exception("after-commit callback %r failed", callback)


def after_commit(callback) -> None:
    """Run ``callback()`` once the enclosing :func:`write` has committed; never when it rolls back.

    Signals that other capabilities react to (queueing a notification job, say)
    are sent this way, so a listener never sees, or queues work about, data
    that was rolled back. Outside a ``write()`` the callback runs at once.
    """
    pending = db.session().info.get("after_commit")
    if pending is None or not _immediate.get():
        callback()
    else:
        pending.append(callback)


def insert_or_ignore(model):
    """``INSERT ... ON CONFLICT DO NOTHING`` for ``model`` on either database: one statement, no read first."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model).on_conflict_do_nothing()


SEARCH_OBJECTS = ("post_search", "search_vector", "ix_posts_search_vector")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic autogenerate: leave the hand-written full-text search objects alone."""
    return not (reflected and compare_to is None and name and name.startswith(SEARCH_OBJECTS))
