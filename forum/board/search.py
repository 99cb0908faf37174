"""Full-text search over posts, behind one function for both databases.

SQLite: an FTS5 table ``post_search`` (title, body; rowid = post id) kept in
step by triggers. PostgreSQL: a ``search_vector`` tsvector column on posts,
filled by a trigger from the thread title and the body, with a GIN index.
Both are made by the migrations. The ``simple`` configuration is used on
PostgreSQL because posts mix Bahasa Indonesia and English.
"""

from __future__ import annotations

import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import column, func, literal_column, select, table

from forum import markup
from forum.accounts.models import User
from forum.board.models import Category, Post, Thread
from forum.board.services import category_by_slug, visible_threads
from forum.errors import Invalid
from forum.extensions import db
from forum.paging import Page

PER_PAGE = 20
MAX_QUERY = 200
_WORD = re.compile(r"\w+", re.UNICODE)


class Hit:
    """One search result: where it is and a highlighted snippet."""

    __slots__ = ("thread_id", "post_id", "title", "snippet", "category", "created_at")

    def __init__(self, row, marks: tuple[str, str]):
        self.thread_id = row.thread_id
        self.post_id = row.post_id
        self.title = row.title
        self.category = row.category
        self.created_at = row.created_at
        self.snippet = markup.plain_snippet(row.snippet or "", marks)

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
    # Markers new for every query: a post cannot know them, so it cannot forge a highlight.
    nonce = secrets.token_hex(8)
    marks = (f"\ue000{nonce}", f"\ue001{nonce}")
    if db.engine.dialect.name == "postgresql":
        source, match, snippet, rank = _postgresql(words, marks)
    else:
        source, match, snippet, rank = _sqlite(words, marks)
    where = [match, visible_threads(user)]
    if category_id is not None:
        where.append(Thread.category_id == category_id)
    joined = source.join(Thread.__table__, Thread.id == Post.thread_id).join(Category, Category.id == Thread.category_id)
    total = db.session.scalar(select(func.count()).select_from(joined).where(*where))
    rows = db.session.execute(
        select(Post.id.label("post_id"), Thread.id.label("thread_id"), Thread.title.label("title"), Category.slug.label("category"),
               Post.created_at, snippet.label("snippet"))
        .select_from(joined).where(*where)
        .order_by(rank, Post.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return Page([Hit(r, marks) for r in rows], page, PER_PAGE, total)


# SQLite's FTS5 table (rowid = post id) joined to posts; on PostgreSQL the vector is a column of posts.
_fts = table("post_search", column("rowid"))


def _sqlite(words: list[str], marks: tuple[str, str]):
    """FTS5: every word quoted (no FTS syntax from users), the last one as a prefix."""
    query = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    match = literal_column("post_search").op("MATCH")(query.strip())
    snippet = func.snippet(literal_column("post_search"), 1, marks[0], marks[1], " … ", 24)
    source = _fts.join(Post.__table__, Post.id == _fts.c.rowid)
    return source, match, snippet, func.bm25(literal_column("post_search"), 4.0, 1.0)


def _postgresql(words: list[str], marks: tuple[str, str]):
    """tsvector column with a GIN index; ``simple`` because posts mix Indonesian and English."""
    tsquery = func.to_tsquery("simple", " & ".join(words[:-1] + [words[-1] + ":*"]))
    options = f"StartSel={marks[0]}, StopSel={marks[1]}, MaxWords=40, MinWords=15, MaxFragments=2"
    match = literal_column("posts.search_vector").op("@@")(tsquery)
    snippet = func.ts_headline("simple", Post.body, tsquery, options)
    return Post.__table__, match, snippet, func.ts_rank(literal_column("posts.search_vector"), tsquery).desc()
