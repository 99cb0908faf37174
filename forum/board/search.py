"""Full-text search over posts, behind one function for both databases.

SQLite: an FTS5 table ``post_search`` (title, body; rowid = post id) kept in
step by triggers. PostgreSQL: a ``search_vector`` tsvector column on posts,
filled by a trigger from the thread title and the body, with a GIN index.
Both are made by the migrations. The ``simple`` configuration is used on
PostgreSQL because posts mix Bahasa Indonesia and English.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import text

from forum import markup
from forum.accounts.models import User
from forum.board.services import category_by_slug
from forum.errors import Invalid
from forum.extensions import db
from forum.paging import Page

PER_PAGE = 20
MAX_QUERY = 200
# Private-use characters: they cannot occur in a post, so they mark matches safely.
MARK = ("\ue000", "\ue001")
_WORD = re.compile(r"\w+", re.UNICODE)


class Hit:
    """One search result: where it is and a highlighted snippet."""

    __slots__ = ("thread_id", "post_id", "title", "snippet", "category", "created_at")

    def __init__(self, row):
        self.thread_id = row.thread_id
        self.post_id = row.post_id
        self.title = row.title
        self.category = row.category
        self.created_at = row.created_at
        self.snippet = markup.plain_snippet(row.snippet or "", MARK)

    def to_dict(self) -> dict:
        return {
            "thread_id": self.thread_id,
            "post_id": self.post_id,
            "title": self.title,
            "category": self.category,
            "snippet": self.snippet.striptags(),
            "snippet_html": str(self.snippet),
        }


def clean_query(raw) -> list[str]:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise Invalid(fields={"q": _("The search must be text.")})
    if len(raw) > MAX_QUERY:
        raise Invalid(fields={"q": _("At most %(n)d characters.", n=MAX_QUERY)})
    return _WORD.findall(raw.lower())[:12]


def search(user: User | None, raw_query, category_slug=None, page: int = 1) -> Page:
    """Posts matching every word of the query, best first, that ``user`` may read."""
    words = clean_query(raw_query)
    category_id = category_by_slug(category_slug).id if category_slug else None
    if not words:
        return Page([], page, PER_PAGE, 0)
    visible, params = _visibility(user)
    if db.engine.dialect.name == "postgresql":
        rows, total = _search_postgresql(words, category_id, page, visible, params)
    else:
        rows, total = _search_sqlite(words, category_id, page, visible, params)
    return Page([Hit(r) for r in rows], page, PER_PAGE, total)


def _visibility(user: User | None) -> tuple[str, dict]:
    """The SQL twin of ``board.services.visible_threads``: private threads only for members and admins."""
    if user is not None and user.is_authenticated and user.is_admin:
        return "", {}
    if user is None or not user.is_authenticated:
        return " AND NOT t.private", {}
    return (" AND (NOT t.private OR t.id IN (SELECT thread_id FROM thread_members WHERE user_id = :viewer))",
            {"viewer": user.id})


def _search_sqlite(words: list[str], category_id: int | None, page: int, visible: str, extra: dict):
    # Every word quoted (no FTS syntax from users), the last one as a prefix.
    match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    where = "post_search MATCH :match" + visible
    params = {"match": match.strip(), "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE,
              "start": MARK[0], "stop": MARK[1], **extra}
    if category_id is not None:
        where += " AND t.category_id = :category_id"
        params["category_id"] = category_id
    joins = "JOIN posts p ON p.id = post_search.rowid JOIN threads t ON t.id = p.thread_id " \
            "JOIN categories c ON c.id = t.category_id"
    total = db.session.execute(text(f"SELECT count(*) FROM post_search {joins} WHERE {where}"), params).scalar()
    rows = db.session.execute(
        text(
            "SELECT p.id AS post_id, t.id AS thread_id, t.title AS title, c.slug AS category, "
            "p.created_at AS created_at, "
            "snippet(post_search, 1, :start, :stop, ' … ', 24) AS snippet "
            f"FROM post_search {joins} WHERE {where} ORDER BY bm25(post_search, 4.0, 1.0), p.id DESC "
            "LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    return rows, total


def _search_postgresql(words: list[str], category_id: int | None, page: int, visible: str, extra: dict):
    tsquery = " & ".join(words[:-1] + [words[-1] + ":*"])
    where = "p.search_vector @@ to_tsquery('simple', :q)" + visible
    params = {"q": tsquery, "limit": PER_PAGE, "offset": (page - 1) * PER_PAGE,
              "opts": f"StartSel={MARK[0]}, StopSel={MARK[1]}, MaxWords=40, MinWords=15, MaxFragments=2", **extra}
    if category_id is not None:
        where += " AND t.category_id = :category_id"
        params["category_id"] = category_id
    joins = "JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id"
    total = db.session.execute(text(f"SELECT count(*) FROM posts p {joins} WHERE {where}"), params).scalar()
    rows = db.session.execute(
        text(
            "SELECT p.id AS post_id, t.id AS thread_id, t.title AS title, c.slug AS category, "
            "p.created_at AS created_at, "
            "ts_headline('simple', p.body, to_tsquery('simple', :q), :opts) AS snippet "
            f"FROM posts p {joins} WHERE {where} "
            "ORDER BY ts_rank(p.search_vector, to_tsquery('simple', :q)) DESC, p.id DESC "
            "LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    return rows, total
