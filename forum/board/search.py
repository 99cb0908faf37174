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

from dataclasses import astuple, dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, false, or_, select

from forum.accounts.models import Region, User
from forum.accounts.services import regions_with_members
from forum.board import search_index as index
from forum.board.models import Category, Post, Tag, Thread, thread_tags
from forum.board.search_query import Query, parse
from forum.board.services import (
    categories_version,
    category_by_slug,
    sees_only_public,
    visible_posts,
    visible_threads,
)
from forum.board.signals import post_created, post_edited, solution_marked
from forum.cache import FragmentCache
from forum.errors import Invalid, NotFound
from forum.extensions import db
from forum.paging import Page

PER_PAGE = 10  # threads
TRUE_WORDS = {"true", "1", "on", "yes"}
FALSE_WORDS = {"", "false", "0", "off", "no"}
_writes = [0]  # posts written, edited or marked as answers by this process: part of the results cache's key


def _count_write(sender, **data) -> None:
    _writes[0] += 1


for _signal in (post_created, post_edited, solution_marked):
    _signal.connect(_count_write)


@dataclass
class Results(Page):
    """A page of hits; ``capped``: more posts matched than were ranked, so ``total`` is a lower bound."""

    capped: bool = False
    query: Query | None = field(default=None, repr=False)
    key: tuple | None = field(default=None, repr=False)  # when shared: what it was found for (keys renderings)

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
    """The threads matching the query that ``user`` may read, best first, ``PER_PAGE`` to a page.

    Readers who see only public threads (``services.sees_only_public``) share the results of the
    same search within ``SEARCH_CACHE_SECONDS``: the key holds every category's counters (a new
    public post anywhere changes them) and this process's count of writes; edits made through
    another process show within that time. Other readers' searches always run.
    """
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
    seconds = current_app.config["SEARCH_CACHE_SECONDS"]
    if not current_app.config["PAGE_CACHE"] or seconds <= 0 or not sees_only_public(user):
        return _run(query, conditions, page)
    cache = current_app.extensions.get("board.search_results")
    if cache is None:
        cache = current_app.extensions.setdefault("board.search_results", FragmentCache(maxsize=256, ttl=seconds))
    key = (query, astuple(filters), page, str(get_locale()), str(get_timezone()), categories_version(), _writes[0])
    return cache.get_or_render(key, lambda: replace(_run(query, conditions, page), key=key))


def menus() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The search form's choices, ``(slug, name)``: categories (in the reader's language) and regions.

    Regions are those some member lives in, with their provinces (``regions_with_members``)."""
    locale = get_locale()
    english = bool(locale and locale.language == "en")
    # Archived categories last, marked: their threads are still found.
    archived = _("archived")
    categories = [(slug, ((english and name_en) or name) + (f" ({archived})" if is_archived else ""))
                  for slug, name, name_en, is_archived in db.session.execute(
                      select(Category.slug, Category.name, Category.name_en, Category.archived)
                      .order_by(Category.archived, Category.position, Category.name))]
    regions = [(r.slug, _("All of %(province)s", province=r.name) if r.kind == "province"
                else f"{r.full_name} — {r.province}")
               for r in regions_with_members()]
    return categories, regions


def _run(query: Query, conditions: list, page: int) -> Results:
    find = index.postgresql if db.engine.dialect.name == "postgresql" else index.sqlite
    candidates = find(query, conditions)
    ranked = index.rank(candidates)
    if not ranked and query.could_widen():
        # Whole words found nothing: let words of 3+ letters find the longer words they begin.
        query = query.widened()
        candidates = find(query, conditions)
        ranked = index.rank(candidates)
    shown = ranked[(page - 1) * PER_PAGE:page * PER_PAGE]
    return Results(index.hits(query, shown), page, PER_PAGE, len(ranked), capped=len(candidates) >= index.CANDIDATES,
                   query=query)


def _conditions(user: User | None, f: Filters, errors: dict[str, str]) -> list[ColumnElement]:
    """SQL conditions on ``Post`` and ``Thread``: who may read, and every filter (bad ones into ``errors``)."""
    # Posts everyone may read only (``visible_posts(None)``): results are shared between readers, and a hidden
    # post's words must not lead anyone to it; moderators find hidden posts in the review queue.
    where = [visible_threads(user), visible_posts(None)]
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
        chosen = select(Region.id).where(Region.slug == f.region.strip()).scalar_subquery()
        in_region = select(User.id).join(Region, Region.id == User.region_id).where(  # a province: all its places
            or_(Region.id == chosen, Region.parent_id == chosen))
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
        where.append(index.SOLUTION.isnot(None) if index.SOLUTION is not None else false())
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

