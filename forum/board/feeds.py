"""Atom 1.0 feeds of the board: the latest threads, a category's, a tag's, and one thread's posts.

Every feed is the guests' view, whoever asks (a signed-in admin's feed reader gets
what a guest sees): lists filter with ``services.visible_threads(None)`` and a
thread's feed opens the thread with ``services.get_thread(None, ...)``, so a private
thread is a 404 and never an entry; posts pass ``services.visible_posts(None)``. Content is the post's stored HTML, rendered and
sanitised once by ``forum.markup`` when it was written.

Feed readers poll often, so a feed is answered in two steps: one light query gives
what the entries show apart from their HTML (ids, titles, authors, times), from which
the ETag and Last-Modified are made; a matching ``If-None-Match`` or
``If-Modified-Since`` gets a 304 at that point. Otherwise the HTML is loaded in one
more query and the document is built once per version (a small in-process cache).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Response, current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.http import is_resource_modified

from forum.accounts.models import User
from forum.board import services
from forum.board.models import Post, Tag, Thread, thread_tags
from forum.cache import FragmentCache
from forum.errors import NotFound
from forum.extensions import db

__all__ = ["ATOM_TYPE", "FEED_ENTRIES", "answer", "category_feed", "latest_feed", "tag_feed", "thread_feed"]

FEED_ENTRIES = 30
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# The <updated> of a feed with no entry yet (an empty category): fixed, so its ETag stays put.
EMPTY_UPDATED = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    post_id: int
    title: str
    path: str  # where the entry links to, on this site
    tag: str  # what makes its tag: URI unique ("thread-12", "post-34")
    author: str
    published: datetime
    updated: datetime


@dataclass
class Feed:
    title: str
    path: str  # the feed's own address
    page: str  # the HTML page it follows
    entries: list[Entry] = field(default_factory=list)

    @property
    def updated(self) -> datetime:
        return max((e.updated for e in self.entries), default=EMPTY_UPDATED)


# -- the four feeds (guests' view) -------------------------------------------------

def latest_feed() -> Feed:
    """The newest threads across the forum."""
    return Feed(_("Latest threads") + " · Jejaring", url_for("board.latest_feed"), url_for("board.index"),
                _thread_entries(None))


def category_feed(slug) -> Feed:
    """The newest threads of one category; an unknown category is ``NotFound``."""
    category = services.category_by_slug(slug)
    return Feed(category.display_name + " · Jejaring", url_for("board.category_feed", slug=category.slug),
                url_for("board.category", slug=category.slug), _thread_entries(Thread.category_id == category.id))


def tag_feed(name) -> Feed:
    """The newest threads with one tag; an unknown tag is ``NotFound``."""
    tag_id = None
    if isinstance(name, str) and services.TAG_RE.match(name):
        tag_id = db.session.scalar(select(Tag.id).where(Tag.name == name))
    if tag_id is None:
        raise NotFound(_("No such tag."))
    tagged = Thread.id.in_(select(thread_tags.c.thread_id).where(thread_tags.c.tag_id == tag_id))
    return Feed(f"#{name} · Jejaring", url_for("board.tag_feed", name=name), url_for("board.index"),
                _thread_entries(tagged))


def thread_feed(thread_id) -> Feed:
    """A thread's newest posts; a thread a guest may not read (private, missing) is ``NotFound``."""
    thread = services.get_thread(None, thread_id)
    rows = db.session.execute(
        select(Post.id, Post.number, Post.created_at, Post.edited_at, User.display_name)
        .join(User, User.id == Post.author_id)
        .where(Post.thread_id == thread.id, services.visible_posts(None))
        .order_by(Post.number.desc())
        .limit(FEED_ENTRIES)
    ).all()
    entries = [
        Entry(row.id, thread.title if row.number == 1 else _("Re: %(title)s", title=thread.title),
              url_for("board.post", post_id=row.id), f"post-{row.id}", row.display_name, row.created_at,
              row.edited_at or row.created_at)
        for row in rows
    ]
    return Feed(thread.title + " · Jejaring", url_for("board.thread_feed", thread_id=thread.id),
                url_for("board.thread", thread_id=thread.id), entries)


def _thread_entries(condition) -> list[Entry]:
    """One entry per thread (its first post), newest first, of the threads a guest may read."""
    query = (
        select(Thread.id, Thread.title, Post.id.label("post_id"), Post.created_at, Post.edited_at, User.display_name)
        .join(Post, (Post.thread_id == Thread.id) & (Post.number == 1))
        .join(User, User.id == Post.author_id)
        .where(services.visible_threads(None), services.visible_posts(None))
        .order_by(Thread.id.desc())
        .limit(FEED_ENTRIES)
    )
    if condition is not None:
        query = query.where(condition)
    return [
        Entry(row.post_id, row.title, url_for("board.thread", thread_id=row.id), f"thread-{row.id}",
              row.display_name, row.created_at, row.edited_at or row.created_at)
        for row in db.session.execute(query)
    ]


# -- the answer: conditional, then built once per version ---------------------------

def answer(feed: Feed) -> Response:
    """The feed as Atom, or 304 when the reader's copy (``If-None-Match`` / ``If-Modified-Since``) is current."""
    base = _base_url()
    etag = _etag(feed, base)
    last_modified = feed.updated.replace(microsecond=0) if feed.entries else None
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = Response(status=304)
    else:
        cache = current_app.extensions.setdefault("board.feeds", FragmentCache(maxsize=256, ttl=300))
        response = Response(cache.get_or_render(etag, lambda: _build(feed, base)), mimetype="application/atom+xml")
        response.headers["Content-Type"] = ATOM_TYPE
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    # Readers may keep it a minute, then ask again (cheaply, with the validators above).
    response.cache_control.max_age = 60
    return response


def _etag(feed: Feed, base: str) -> str:
    """Everything the document shows apart from the HTML (whose every change sets ``edited_at``)."""
    parts = [base, str(get_locale()), feed.title, feed.path]
    parts += [f"{e.post_id}|{e.title}|{e.author}|{e.updated.isoformat()}" for e in feed.entries]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _base_url() -> str:
    """Where links point: ``SITE_URL`` (as in mails), else the address this request came to."""
    return (current_app.config.get("SITE_URL") or request.url_root).rstrip("/")


def _tag_uri(base: str, when: datetime, specific: str) -> str:
    """A stable RFC 4151 ``tag:`` id: the site's host, the thing's creation date, what it is."""
    host = urlsplit(base).hostname or "localhost"
    return f"tag:{host},{when.astimezone(UTC):%Y-%m-%d}:{specific}"


def _build(feed: Feed, base: str) -> bytes:
    """The Atom document: one query for the entries' HTML, then feedgen."""
    ids = [e.post_id for e in feed.entries]
    html = dict(db.session.execute(select(Post.id, Post.html).where(Post.id.in_(ids))).all()) if ids else {}
    fg = FeedGenerator()
    fg.id(base + feed.path)
    fg.title(feed.title)
    fg.link(href=base + feed.path, rel="self", type="application/atom+xml")
    fg.link(href=base + feed.page, rel="alternate", type="text/html")
    fg.language(str(get_locale()))
    fg.updated(feed.updated)
    for e in feed.entries:
        fe = fg.add_entry(order="append")
        fe.id(_tag_uri(base, e.published, e.tag))
        fe.title(e.title)
        fe.link(href=base + e.path, rel="alternate", type="text/html")
        fe.author(name=e.author)
        fe.published(e.published)
        fe.updated(e.updated)
        fe.content(html.get(e.post_id, ""), type="html")
    return fg.atom_str(pretty=False)
