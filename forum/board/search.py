"""Full-text search: one hit per thread with its best posts, behind one function for both databases.

SQLite: the FTS5 table ``post_search`` (title, body; rowid = post id);
PostgreSQL: the ``posts.search_vector`` tsvector with a GIN index. Both index
the stemmed plain text of ``threads.search_title`` and ``posts.search_text``
(migration 0008, ``forum.board.stemming``), kept in step by triggers.

How a search runs, and why it stays cheap on a large forum:

1. ``forum.board.search_query`` parses the query into a tree and writes it
   as an FTS5 or tsquery expression (quoted words only, never user syntax),
   whole words first; when those find nothing, once more with words of
   three letters or more as prefixes.
2. One index query takes the newest ``CANDIDATES`` matching posts the reader
   may see (``services.visible_threads``) within the filters, newest first,
   which both indexes can do without ranking every match, and scores only
   those (bm25 with the title weighted 4, ts_rank with the title as A).
3. The candidates are grouped per thread, threads ranked by their best
   posts, and only the shown page's threads and posts are read, with a
   snippet made for each shown post. The total is the number of threads
   among the candidates; ``capped`` says more posts matched than were ranked
   (the page shows "N+"; a date filter reaches further back).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, cast, column, false, func, literal_column, select, table
from sqlalchemy.dialects.postgresql import TSQUERY

from forum import markup
from forum.accounts.models import Region, User
from forum.board.models import Category, Post, Tag, Thread, thread_tags
from forum.board.search_query import Query, parse
from forum.board.services import category_by_slug, visible_threads
from forum.errors import Invalid, NotFound
from forum.extensions import db
from forum.paging import Page

PER_PAGE = 10  # threads
POSTS_PER_HIT = 3
CANDIDATES = 500
TRUE_WORDS = {"true", "1", "on", "yes"}
FALSE_WORDS = {"", "false", "0", "off", "no"}

# The thread's chosen answer, when the board has it (a column another change adds): used if present.
SOLUTION = getattr(Thread, "solution_post_id", None)


@dataclass
class PostHit:
    """One matching post shown under its thread."""

    post_id: int
    number: int
    author: str
    author_name: str
    created_at: datetime
    snippet: markup.Markup

    def to_dict(self) -> dict:
        return {"post_id": self.post_id, "number": self.number, "author": self.author,
                "created_at": self.created_at.isoformat(), "snippet": self.snippet.striptags(),
                "snippet_html": str(self.snippet)}


@dataclass
class Hit:
    """One thread that matched, with its best posts (``posts[0]`` is the best)."""

    thread_id: int
    title: str
    category: str  # slug
    category_name: str  # in the reader's language
    tags: list[str]
    solved: bool
    posts: list[PostHit]

    @property
    def post(self) -> PostHit:
        return self.posts[0]

    def to_dict(self) -> dict:
        best = self.post
        return {"thread_id": self.thread_id, "post_id": best.post_id, "title": self.title,
                "snippet": best.snippet.striptags(), "snippet_html": str(best.snippet),
                "author": best.author, "created_at": best.created_at.isoformat(),
                "category": self.category, "solved": self.solved, "tags": self.tags,
                "posts": [p.to_dict() for p in self.posts]}


@dataclass
class Results(Page):
    """A page of hits; ``capped``: more posts matched than were ranked, so ``total`` is a lower bound."""

    capped: bool = False
    query: Query | None = field(default=None, repr=False)

    def to_dict(self, item) -> dict:
        return {**super().to_dict(item), "capped": self.capped}


@dataclass
class Filters:
    category: str | None = None
    tag: str | None = None
    author: str | None = None
    region: str | None = None
    after: str | None = None
    before: str | None = None
    solved: str | None = None


def search(user: User | None, raw_query, filters: Filters | None = None, page: int = 1) -> Results:
    """The threads matching the query that ``user`` may read, best first, ``PER_PAGE`` to a page."""
    filters = filters or Filters()
    errors: dict[str, str] = {}
    try:
        query = parse(raw_query)
    except Invalid as exc:
        errors.update(exc.fields)
        query = None
    conditions = _conditions(user, filters, errors)
    if errors:
        raise Invalid(_("Check the search."), fields=errors)
    if not query:
        return Results([], page, PER_PAGE, 0, query=query)
    find = _postgresql if db.engine.dialect.name == "postgresql" else _sqlite
    candidates = find(query, conditions)
    ranked = _rank(candidates)
    if not ranked and query.could_widen():
        # Whole words found nothing: let words of 3+ letters find the longer words they begin.
        query = query.widened()
        candidates = find(query, conditions)
        ranked = _rank(candidates)
    shown = ranked[(page - 1) * PER_PAGE:page * PER_PAGE]
    return Results(_hits(query, shown), page, PER_PAGE, len(ranked), capped=len(candidates) >= CANDIDATES,
                   query=query)


def _conditions(user: User | None, f: Filters, errors: dict[str, str]) -> list[ColumnElement]:
    """SQL conditions on ``Post`` and ``Thread``: who may read, and every filter (bad ones into ``errors``)."""
    where = [visible_threads(user)]
    if f.category:
        try:
            where.append(Thread.category_id == category_by_slug(f.category).id)
        except NotFound as exc:
            errors["category"] = exc.message
    for name in ("tag", "author", "region", "after", "before", "solved"):
        if getattr(f, name) is not None and not isinstance(getattr(f, name), str):
            errors[name] = _("This filter must be text.")
    if errors:
        return where
    if f.tag:
        tagged = select(thread_tags.c.thread_id).join(Tag, Tag.id == thread_tags.c.tag_id)
        where.append(Thread.id.in_(tagged.where(Tag.name == f.tag.strip().lower().lstrip("#"))))
    if f.author:
        where.append(Post.author_id.in_(select(User.id).where(User.username_key == f.author.strip().lower())))
    if f.region:
        in_region = select(User.id).join(Region, Region.id == User.region_id).where(Region.slug == f.region.strip())
        where.append(Post.author_id.in_(in_region))
    start, end = _day(f.after, "after", errors), _day(f.before, "before", errors)
    if start and end and start > end:
        errors["before"] = _("The end date is before the start date.")
    if start and start > date.min:
        where.append(Post.created_at >= _midnight(start))
    if end and end < date.max:
        where.append(Post.created_at < _midnight(end + timedelta(days=1)))
    solved = (f.solved or "").strip().lower()
    if solved in TRUE_WORDS:
        # Without the column no thread has a chosen answer yet: "solved only" finds nothing.
        where.append(SOLUTION.isnot(None) if SOLUTION is not None else false())
    elif solved not in FALSE_WORDS:
        errors["solved"] = _("Solved must be true or false.")
    return where


def _day(raw: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not raw or not raw.strip():
        return None
    try:
        day = date.fromisoformat(raw.strip()) if len(raw.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        errors[name] = _("Use a date like 2026-12-31.")
    return day


def _midnight(day: date) -> datetime:
    """The start of ``day`` where the reader lives, as the database stores times (UTC); the first day of
    year 1 and the last of 9999 mean no bound, so they never get here."""
    zone, naive = get_timezone(), datetime.combine(day, time())
    if zone is None:
        return naive.replace(tzinfo=UTC)
    local = zone.localize(naive) if hasattr(zone, "localize") else naive.replace(tzinfo=zone)  # pytz or zoneinfo
    return local.astimezone(UTC)


# -- the index queries: the newest matching posts the reader may see, each with a score (higher is better) ----

_fts = literal_column("post_search")  # the FTS5 table as a column: what MATCH and bm25 take
_fts_rows = table("post_search", column("rowid"))


def _sqlite(query: Query, where: list) -> list[tuple[int, int, float]]:
    rowid = _fts_rows.c.rowid
    # Weights as literals: bound parameters make FTS5 evaluate bm25 about 2.5 times slower.
    score = func.bm25(_fts, literal_column("4.0"), literal_column("1.0"))
    stmt = (select(rowid, Post.thread_id, score)
            .select_from(_fts_rows)
            .join(Post.__table__, Post.id == rowid)
            .join(Thread.__table__, Thread.id == Post.thread_id)
            .where(_fts.op("MATCH")(query.fts5()), *where)
            .order_by(rowid.desc())
            .limit(CANDIDATES))
    return [(post_id, thread_id, -score) for post_id, thread_id, score in db.session.execute(stmt)]


def _postgresql(query: Query, where: list) -> list[tuple[int, int, float]]:
    tsquery = cast(query.tsquery(), TSQUERY)
    vector = literal_column("posts.search_vector")
    newest = (select(Post.id, Post.thread_id, vector.label("vector"))
              .join(Thread.__table__, Thread.id == Post.thread_id)
              .where(vector.op("@@")(tsquery), *where)
              .order_by(Post.id.desc())
              .limit(CANDIDATES)
              .subquery())
    # Ranked outside the LIMIT: ts_rank reads each vector, so only for the candidates.
    stmt = select(newest.c.id, newest.c.thread_id, func.ts_rank(newest.c.vector, tsquery))
    return [tuple(row) for row in db.session.execute(stmt)]


def _rank(candidates: list[tuple[int, int, float]]) -> list[tuple[int, list[int]]]:
    """Threads, best first, each with its best posts' ids: a thread scores its best post, half its second
    and a quarter its third, so one long thread of weak matches does not beat a strong answer."""
    by_thread: dict[int, list[tuple[float, int]]] = {}
    for post_id, thread_id, score in candidates:
        by_thread.setdefault(thread_id, []).append((score, post_id))
    ranked = []
    for thread_id, posts in by_thread.items():
        posts.sort(reverse=True)
        best = posts[:POSTS_PER_HIT]
        score = sum(s * w for (s, _), w in zip(best, (1.0, 0.5, 0.25), strict=False))
        ranked.append((score, max(p for _, p in posts), thread_id, [p for _, p in best]))
    ranked.sort(reverse=True)
    return [(thread_id, post_ids) for _, _, thread_id, post_ids in ranked]


def _hits(query: Query, shown: list[tuple[int, list[int]]]) -> list[Hit]:
    """The shown threads and posts, read in three plain queries, with snippets for those posts only."""
    if not shown:
        return []
    thread_ids = [t for t, _ in shown]
    solution = SOLUTION if SOLUTION is not None else literal_column("NULL")
    threads = {r.id: r for r in db.session.execute(
        select(Thread.id, Thread.title, Category.slug, Category.name, Category.name_en, solution.label("solution"))
        .join(Category, Category.id == Thread.category_id).where(Thread.id.in_(thread_ids)))}
    tags: dict[int, list[str]] = {}
    for thread_id, name in db.session.execute(
            select(thread_tags.c.thread_id, Tag.name).join(Tag, Tag.id == thread_tags.c.tag_id)
            .where(thread_tags.c.thread_id.in_(thread_ids)).order_by(Tag.name)):
        tags.setdefault(thread_id, []).append(name)
    posts = {r.id: r for r in db.session.execute(
        select(Post.id, Post.number, Post.html, Post.created_at, User.username, User.display_name)
        .join(User, User.id == Post.author_id).where(Post.id.in_([p for _, ids in shown for p in ids])))}
    # Markers new for every search: a post cannot know them, so it cannot forge a highlight.
    nonce = secrets.token_hex(8)
    marks = (f"\ue000{nonce}", f"\ue001{nonce}")
    highlighter = query.highlighter()
    locale = get_locale()
    english = bool(locale and locale.language == "en")
    hits = []
    for thread_id, ids in shown:
        thread = threads.get(thread_id)
        found = [PostHit(r.id, r.number, r.username, r.display_name or r.username, r.created_at,
                         markup.plain_snippet(highlighter.snippet(markup.plain_text(r.html), marks), marks))
                 for r in (posts.get(i) for i in ids) if r is not None]
        if thread is not None and found:
            hits.append(Hit(thread_id, thread.title, thread.slug, (english and thread.name_en) or thread.name,
                            tags.get(thread_id, []), thread.solution is not None, found))
    return hits
