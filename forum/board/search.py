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
    offset = (page - 1) * PER_PAGE
    if db.engine.dialect.name == "postgresql":
        total = db.session.scalar(select(func.count()).select_from(joined).where(*where))
        ids = list(db.session.scalars(select(Post.id).select_from(joined).where(*where)
                                      .order_by(rank, Post.id.desc()).limit(PER_PAGE).offset(offset)))
    else:
        total = _sqlite_total(user, match, where, joined, category_id)
        ids = _sqlite_page_ids(match, where, joined, rank, offset)
    if not ids:
        return Page([], page, PER_PAGE, total)
    # The snippets (ts_headline, FTS5 snippet) only for the page's rows: they are the expensive part.
    # The snippets only for the page's rows: ts_headline, or on SQLite our own window over the body
    # (FTS5's snippet() re-reads every match's position lists for each row it is asked about).
    text = snippet if db.engine.dialect.name == "postgresql" else Post.body
    rows = db.session.execute(
        select(Post.id.label("post_id"), Thread.id.label("thread_id"), Thread.title.label("title"),
               Category.slug.label("category"), Post.created_at, text.label("snippet"))
        .select_from(Post.__table__.join(Thread.__table__, Thread.id == Post.thread_id)
                     .join(Category, Category.id == Thread.category_id))
        .where(Post.id.in_(ids))
    ).all()
    if db.engine.dialect.name != "postgresql":
        rows = [_Row(row, window(row.snippet or "", words, marks)) for row in rows]
    by_id = {row.post_id: row for row in rows}
    return Page([Hit(by_id[i], marks) for i in ids if i in by_id], page, PER_PAGE, total)


class _Row:
    """A result row with its snippet replaced."""

    def __init__(self, row, snippet: str):
        self.post_id, self.thread_id, self.title = row.post_id, row.thread_id, row.title
        self.category, self.created_at, self.snippet = row.category, row.created_at, snippet


def window(text: str, words: list[str], marks: tuple[str, str], size: int = 24) -> str:
    """About ``size`` words of ``text`` around most of the query's words, each found word between
    ``marks`` (the last query word matches as a prefix, as in the search itself). Plain text in,
    plain text out: ``markup.plain_snippet`` escapes it."""
    whole, last = set(words[:-1]), words[-1]
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return text[:240]
    hits = [t.group().lower() in whole or t.group().lower().startswith(last) for t in tokens]
    best, best_count, count = 0, -1, 0
    for i, hit in enumerate(hits):  # the window of ``size`` tokens with the most hits, earliest first
        count += hit
        if i >= size:
            count -= hits[i - size]
        if i >= size - 1 and count > best_count:
            best, best_count = i - size + 1, count
    if best_count < 0:  # fewer than ``size`` tokens: all of them
        best = 0
    first = max(0, best - 2)  # a little context before the first hit
    chosen = tokens[first:first + size]
    start, end = chosen[0].start(), chosen[-1].end()
    out = ["… " if start > 0 else ""]
    at = start
    for token, hit in zip(chosen, hits[first:first + size], strict=True):
        if hit:
            out += [text[at:token.start()], marks[0], token.group(), marks[1]]
            at = token.end()
    out.append(text[at:end])
    if end < len(text):
        out.append(" …")
    return "".join(out)


def _hidden_thread_ids(user: User | None) -> list[int]:
    """Threads ``user`` may not read (private ones): few, so counting around them is cheap."""
    return list(db.session.scalars(select(Thread.id).where(Thread.private.is_(True), ~visible_threads(user))))


def _sqlite_total(user, match, where, joined, category_id) -> int:
    """All matches less those in threads the reader may not see: FTS5 counts alone, without a join per match."""
    if category_id is not None:
        return db.session.scalar(select(func.count()).select_from(joined).where(*where))
    total = db.session.scalar(select(func.count()).select_from(_fts).where(match))
    hidden = _hidden_thread_ids(user)
    if hidden:
        in_hidden = select(Post.id).where(Post.thread_id.in_(hidden)).scalar_subquery()
        total -= db.session.scalar(select(func.count()).select_from(_fts).where(match, _fts.c.rowid.in_(in_hidden)))
    return total


def _sqlite_page_ids(match, where, joined, rank, offset: int) -> list[int]:
    """The page's post ids, best first. FTS5 ranks its matches alone first (a join per match costs more than
    the ranking); the best few are then checked against who may read them. When too few of those are
    readable (private threads, a category), the joined query ranks only what the reader may see."""
    wanted = offset + PER_PAGE
    room = 2 * wanted + PER_PAGE
    candidates = list(db.session.scalars(select(_fts.c.rowid).where(match).order_by(rank, _fts.c.rowid.desc())
                                         .limit(room)))
    readable = set(db.session.scalars(select(Post.id).select_from(joined)
                                      .where(*where, Post.id.in_(candidates)))) if candidates else set()
    ranked = [i for i in candidates if i in readable]
    if len(ranked) >= wanted or len(candidates) < room:
        return ranked[offset:wanted]
    return list(db.session.scalars(select(Post.id).select_from(joined).where(*where)
                                   .order_by(rank, Post.id.desc()).limit(PER_PAGE).offset(offset)))


# SQLite's FTS5 table (rowid = post id) joined to posts; on PostgreSQL the vector is a column of posts.
_fts = table("post_search", column("rowid"))


def _sqlite(words: list[str], marks: tuple[str, str]):
    """FTS5: every word quoted (no FTS syntax from users), the last one as a prefix."""
    query = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    match = literal_column("post_search").op("MATCH")(query.strip())
    snippet = func.snippet(literal_column("post_search"), literal_column("1"), marks[0], marks[1], " … ",
                           literal_column("24"))
    source = _fts.join(Post.__table__, Post.id == _fts.c.rowid)
    # Weights as literals: bound parameters make FTS5 evaluate bm25 about 2.5 times slower.
    return source, match, snippet, func.bm25(literal_column("post_search"), literal_column("4.0"), literal_column("1.0"))


def _postgresql(words: list[str], marks: tuple[str, str]):
    """tsvector column with a GIN index; ``simple`` because posts mix Indonesian and English."""
    tsquery = func.to_tsquery("simple", " & ".join(words[:-1] + [words[-1] + ":*"]))
    options = f"StartSel={marks[0]}, StopSel={marks[1]}, MaxWords=40, MinWords=15, MaxFragments=2"
    match = literal_column("posts.search_vector").op("@@")(tsquery)
    snippet = func.ts_headline("simple", Post.body, tsquery, options)
    return Post.__table__, match, snippet, func.ts_rank(literal_column("posts.search_vector"), tsquery).desc()
