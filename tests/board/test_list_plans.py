"""The thread lists use their indexes (SQLite's plans; PostgreSQL's were checked by hand on 50,000 posts).

Each list reads one page through an index in the list's order, or the few rows of an
index on its filter, never a scan of every thread followed by a sort.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from forum.board import lists, services
from forum.extensions import db


def _plans(app, run) -> list[str]:
    """The query plans of the row queries ``run()`` makes (not the counts, not the tags)."""
    statements = []

    def grab(conn, cursor, statement, params, context, executemany):
        if statement.startswith("SELECT threads.id"):
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    connection = db.session.connection()
    return [" | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p))
            for s, p in statements]


@pytest.mark.parametrize(("name", "index"), [
    ("latest", "SCAN threads USING INDEX ix_threads_activity"),
    ("unanswered", "SEARCH threads USING INDEX ix_threads_unanswered (post_count=?)"),
])
def test_site_lists_read_an_index(app, user, name, index):
    with app.test_request_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's plans")
        plans = _plans(app, lambda: lists.site_threads(user, lists.ListQuery(name), 1))
        assert len(plans) == 1 and index in plans[0], plans
        assert "TEMP B-TREE" not in plans[0], plans


@pytest.mark.parametrize("name", ["latest", "unanswered", "unsolved", "solved"])
def test_category_lists_read_the_category_index(app, name):
    with app.test_request_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's plans")
        category = services.category_by_slug("teknologi-informasi")
        plans = _plans(app, lambda: lists.category_threads(None, category, name, 1))
        assert len(plans) == 1 and "USING INDEX ix_threads_category_activity (category_id=?)" in plans[0], plans
        assert "TEMP B-TREE" not in plans[0], plans
