"""Thread lists with filters: latest, unanswered (no reply yet), unsolved and solved.

Per category (``category_threads``: never private threads, so one rendering
serves every reader, see ``services.list_is_shared``) and across the site
(``site_threads``: what ``services.visible_threads`` lets the reader see; the
pages ask for a guest's view, so that one rendering serves them all too, and
the API for the reader's own), narrowed by category, tag and the author's region. Every list is one query
for its rows plus one count (indexes: ``ix_threads_activity``,
``ix_threads_unanswered``, ``ix_threads_category_activity``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from forum.accounts.models import Region, User
from forum.accounts.services import region_by_slug
from forum.board import services
from forum.board.models import Category, Post, Tag, Thread, thread_tags
from forum.errors import Invalid, NotFound
from forum.extensions import db
from forum.paging import Page

__all__ = ["FILTERS", "ListQuery", "category_threads", "parse", "site_threads"]

FILTERS = {"latest": _l("Latest"), "unanswered": _l("Unanswered"), "unsolved": _l("Unsolved"),
           "solved": _l("Solved")}
_CONDITIONS = {
    "latest": None,
    "unanswered": Thread.post_count == 1,
    "unsolved": Thread.solution_post_id.is_(None),
    "solved": Thread.solution_post_id.is_not(None),
}


@dataclass(frozen=True)
class ListQuery:
    """What a site-wide list is narrowed to, checked: a filter, and optionally a category, tag, region."""

    filter: str = "latest"
    category: Category | None = None
    tag: str | None = None
    region: Region | None = None

    def args(self) -> dict:
        """The query string that asks for this list again (for links and the pager)."""
        return {k: v for k, v in {"filter": self.filter if self.filter != "latest" else None,
                                  "category": self.category.slug if self.category else None,
                                  "tag": self.tag, "region": self.region.slug if self.region else None}.items()
                if v}


def check_filter(raw) -> str:
    """``raw`` as one of ``FILTERS`` (latest when empty), else a clear 400."""
    if raw is None or raw == "":
        return "latest"
    if raw not in FILTERS:
        message = _("Filter must be one of: %(names)s.", names=", ".join(FILTERS))
        raise Invalid(message, fields={"filter": message})
    return raw


def parse(args) -> ListQuery:
    """A ``ListQuery`` from request arguments; unknown filters, categories, tags and regions are a 400."""
    errors: dict[str, str] = {}
    try:
        name = check_filter(args.get("filter"))
    except Invalid as exc:
        errors.update(exc.fields)
        name = "latest"
    category = tag = region = None
    if args.get("category"):
        category = db.session.scalar(select(Category).where(Category.slug == args["category"]))
        if category is None:
            errors["category"] = _("No such category.")
    if args.get("tag"):
        tag = str(args["tag"]).strip().lower().lstrip("#")
        if not services.TAG_RE.match(tag):
            errors["tag"] = _("Tags are 2 to 32 lowercase letters, digits or dashes: %(tag)s", tag=tag[:40])
    if args.get("region"):
        region = region_by_slug(str(args["region"]))
        if region is None:
            errors["region"] = _("No such region.")
    if errors:
        raise Invalid(next(iter(errors.values())), fields=errors)
    return ListQuery(name, category, tag, region)


def _rows(condition, name: str):
    """The list's rows with what a summary shows (author, latest post and its author), in one query."""
    query = (
        select(Thread)
        .where(condition, services.LISTED)
        # Lists show no author's region: joining regions into the latest post's outer join would make
        # the database build the whole users-regions join for every list.
        .options(joinedload(Thread.author).options(load_only(*services.AUTHOR_COLUMNS), lazyload(User.region)),
                 joinedload(Thread.last_post).options(
                     load_only(Post.id, Post.author_id, Post.created_at),
                     joinedload(Post.author).options(load_only(*services.AUTHOR_COLUMNS), lazyload(User.region))))
    )
    if _CONDITIONS[name] is not None:
        query = query.where(_CONDITIONS[name])
    return query


def category_threads(user: User | None, category: Category, name: str, page: int) -> Page:
    """A page of a category's threads under filter ``name``: pinned first, then by latest activity."""
    name = check_filter(name)
    if name == "latest":
        return services.threads_in(user, category, page)
    if not services.can_view_category(user, category):
        raise NotFound(_("No such category."))
    per_page = current_app.config["THREADS_PER_PAGE"]
    condition = (Thread.category_id == category.id) & (Thread.private == false())
    query = _rows(condition, name).order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    total = db.session.scalar(select(func.count(Thread.id)).where(condition, services.LISTED, _CONDITIONS[name]))
    return Page(items, page, per_page, total)


def site_threads(user: User | None, wanted: ListQuery, page: int, per_page: int | None = None) -> Page:
    """A page of the threads across the site that ``user`` may read, latest activity first."""
    per_page = per_page or current_app.config["THREADS_PER_PAGE"]
    condition = services.visible_threads(user)
    if wanted.category is not None:
        condition = condition & (Thread.category_id == wanted.category.id)
    if wanted.tag is not None:
        tagged = (select(thread_tags.c.thread_id).join(Tag, Tag.id == thread_tags.c.tag_id)
                  .where(Tag.name == wanted.tag))
        condition = condition & Thread.id.in_(tagged)
    if wanted.region is not None:
        condition = condition & Thread.author_id.in_(select(User.id).where(User.region_id == wanted.region.id))
    query = _rows(condition, wanted.filter).order_by(Thread.last_post_at.desc(), Thread.id.desc())
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique())
    count = select(func.count(Thread.id)).where(condition, services.LISTED)
    if _CONDITIONS[wanted.filter] is not None:
        count = count.where(_CONDITIONS[wanted.filter])
    return Page(items, page, per_page, db.session.scalar(count))
