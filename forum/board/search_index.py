"""The search's index queries and its hits: candidates, threads ranked by their best posts, snippets.

``forum.board.search`` validates and calls these; see its docstring for the plan.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import bindparam, cast, column, func, literal_column, select, table
from sqlalchemy.dialects.postgresql import TSQUERY

from forum import markup
from forum.accounts.models import User
from forum.board.models import Category, Post, Tag, Thread, thread_tags
from forum.board.search_query import Query
from forum.extensions import db

POSTS_PER_HIT = 3
CANDIDATES = 300

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


# -- the index queries: the newest matching posts the reader may see, each with a score (higher is better) ----

_fts = literal_column("post_search")  # the FTS5 table as a column: what MATCH and bm25 take
_fts_rows = table("post_search", column("rowid"))


def sqlite(query: Query, where: list) -> list[tuple[int, int, float]]:
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


def postgresql(query: Query, where: list) -> list[tuple[int, int, float]]:
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


def rank(candidates: list[tuple[int, int, float]]) -> list[tuple[int, list[int]]]:
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


# Built once: the shown threads' and posts' rows (a list of ids each).
_IDS = bindparam("ids", expanding=True)
_THREADS = (select(Thread.id, Thread.title, Category.slug, Category.name, Category.name_en,
                   (SOLUTION if SOLUTION is not None else literal_column("NULL")).label("solution"))
            .join(Category, Category.id == Thread.category_id).where(Thread.id.in_(_IDS)))
_TAGS = (select(thread_tags.c.thread_id, Tag.name).join(Tag, Tag.id == thread_tags.c.tag_id)
         .where(thread_tags.c.thread_id.in_(_IDS)).order_by(Tag.name))
_POSTS = (select(Post.id, Post.number, Post.html, Post.created_at, User.username, User.display_name)
          .join(User, User.id == Post.author_id).where(Post.id.in_(_IDS)))


def hits(query: Query, shown: list[tuple[int, list[int]]]) -> list[Hit]:
    """The shown threads and posts, read in three plain queries, with snippets for those posts only."""
    if not shown:
        return []
    thread_ids = {"ids": [t for t, _ in shown]}
    threads = {r.id: r for r in db.session.execute(_THREADS, thread_ids)}
    tags: dict[int, list[str]] = {}
    for thread_id, name in db.session.execute(_TAGS, thread_ids):
        tags.setdefault(thread_id, []).append(name)
    posts = {r.id: r for r in db.session.execute(_POSTS, {"ids": [p for _, ids in shown for p in ids]})}
    # Markers new for every search: a post cannot know them, so it cannot forge a highlight.
    nonce = secrets.token_hex(8)
    marks = (f"\ue000{nonce}", f"\ue001{nonce}")
    highlighter = query.highlighter()
    locale = get_locale()
    english = bool(locale and locale.language == "en")
    hits = []
    for thread_id, ids in shown:
        thread = threads.get(thread_id)
        found = []
        for row in (posts.get(i) for i in ids):
            text = highlighter.snippet(markup.plain_text(row.html), marks) if row is not None else ""
            # Under the best post, only posts whose own text matched: not those found by the title alone.
            if row is not None and (not found or marks[0] in text):
                found.append(PostHit(row.id, row.number, row.username, row.display_name or row.username,
                                     row.created_at, markup.plain_snippet(text, marks)))
        if thread is not None and found:
            hits.append(Hit(thread_id, thread.title, thread.slug, (english and thread.name_en) or thread.name,
                            tags.get(thread_id, []), thread.solution is not None, found))
    return hits
