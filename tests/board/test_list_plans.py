"""The thread lists use their indexes, on SQLite and on PostgreSQL.

Each list reads one page through an index in the list's order, or the few rows of an
index on its filter, never a scan of every thread followed by a sort. On the tests'
few rows PostgreSQL would rightly scan the table, so its plans are asked for with
sequential scans and sorts priced out: what remains shows which index can serve.
"""

from __future__ import annotations

import re

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
    if connection.dialect.name == "sqlite":
        return [" | ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p))
                for s, p in statements]
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    return [" | ".join(row[0].strip() for row in connection.exec_driver_sql("EXPLAIN " + s, p))
            for s, p in statements]


# What each list's plan must show: SQLite's words, PostgreSQL's index name, and what must not be there.
def _check(plan: str, sqlite_index: str, index_name: str) -> None:
    if db.engine.dialect.name == "sqlite":
        assert sqlite_index in plan and "TEMP B-TREE" not in plan, plan
    else:
        # An incremental sort (of the ties left by the index's order, on the id) is bounded; a full one is not.
        full_sort = re.search(r"(^|->\s+)Sort\s+\(", plan)
        assert index_name in plan and not full_sort and "Seq Scan on threads" not in plan, plan


@pytest.mark.parametrize(("name", "index"), [
    ("latest", "SCAN threads USING INDEX ix_threads_activity"),
    ("unanswered", "SEARCH threads USING INDEX ix_threads_unanswered (post_count=?)"),
])
def test_site_lists_read_an_index(app, user, name, index):
    with app.test_request_context():
        plans = _plans(app, lambda: lists.site_threads(user, lists.ListQuery(name), 1))
        assert len(plans) == 1, plans
        _check(plans[0], index, index.split(" USING INDEX ")[1].split(" ")[0])


@pytest.mark.parametrize("name", ["latest", "unanswered", "unsolved", "solved"])
def test_category_lists_read_the_category_index(app, name):
    with app.test_request_context():
        category = services.category_by_slug("teknologi-informasi")
        plans = _plans(app, lambda: lists.category_threads(None, category, name, 1))
        assert len(plans) == 1, plans
        _check(plans[0], "USING INDEX ix_threads_category_activity (category_id=?)", "ix_threads_category_activity")
