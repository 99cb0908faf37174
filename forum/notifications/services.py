"""Rules of notifications: what a member may see of theirs, marking read, watch levels, mail hand-over.

Watch levels (a thread's own level wins over its category's; with neither,
a member is at ``normal``), after Discourse:

- ``watching``: told of every new post.
- ``tracking``: told of replies to their posts and of mentions. A reply that
  quotes nobody answers the opening post, so the thread's author hears of it.
  A member who posts in a thread is put at tracking for it, unless they
  already chose a level for it or watch its category.
- ``normal``: told of mentions and of replies that quote their posts only.
- ``muted``: told of nothing in that thread (or category), mentions included.

What a member sees is decided when it is read, in one place
(:func:`visible`): a notification about a thread the reader may no longer
read, or a post they may not see, is never listed, counted nor mailed.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import joinedload

from forum.accounts.models import User
from forum.board import services as board
from forum.board.models import Category, Post, Thread
from forum.current import signed_in as _signed_in
from forum.database import insert_or_ignore, write
from forum.errors import Invalid, NotFound
from forum.extensions import db
from forum.inputs import record_id
from forum.models_base import utcnow
from forum.notifications.models import LEVELS, Notification, Watch
from forum.notifications.texts import describe, describe_many
from forum.paging import Page

__all__ = ["visible", "notifications_page", "unread_count", "mark_read", "open_notification", "pending_mail",
           "mark_mailed", "describe", "describe_many", "set_thread_watch", "set_category_watch", "reader_state",
           "LEVELS", "MAX_IDS"]

MAX_IDS = 200
_ACTOR_COLUMNS = (User.id, User.username, User.display_name)


# -- what a reader may see (one place) -----------------------------------------

def visible(user: User):
    """SQL condition on ``Notification``: the ones ``user`` may see now (thread and post still readable)."""
    thread_ok = or_(Notification.thread_id.is_(None),
                    exists(select(Thread.id).where(Thread.id == Notification.thread_id, board.visible_threads(user))))
    post_ok = or_(Notification.post_id.is_(None),
                  exists(select(Post.id).where(Post.id == Notification.post_id, board.visible_posts(user))))
    return and_(Notification.user_id == user.id, thread_ok, post_ok)


def _listing(user: User):
    return (select(Notification).where(visible(user))
            .options(joinedload(Notification.actor).load_only(*_ACTOR_COLUMNS),
                     joinedload(Notification.thread).load_only(Thread.id, Thread.title, Thread.private)
                     .lazyload("*")))


# -- reading -------------------------------------------------------------------

def notifications_page(user: User | None, page: int, *, unread_only: bool = False) -> Page:
    """A page of the member's notifications, newest first (a grouped reaction moves up when it grows)."""
    user = _member(user)
    per_page = current_app.config.get("NOTIFICATIONS_PER_PAGE", 20)
    query = _listing(user)
    counted = select(func.count()).select_from(Notification).where(visible(user))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
        counted = counted.where(Notification.read_at.is_(None))
    query = query.order_by(Notification.updated_at.desc(), Notification.id.desc())
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, db.session.scalar(counted))


def unread_count(user: User) -> int:
    """How many unread notifications the member may see: the bell's number (one COUNT on their index)."""
    query = select(func.count()).select_from(Notification).where(visible(user), Notification.read_at.is_(None))
    return db.session.scalar(query) or 0


def _member(user: User | None) -> User:
    return user if user is not None and user.is_authenticated else _signed_in()


def _clean_ids(raw) -> list[int]:
    if not isinstance(raw, list) or not raw:
        raise Invalid(_("Give a list of notification ids."), fields={"ids": _("Give a list of notification ids.")})
    if len(raw) > MAX_IDS:
        message = _("At most %(n)d ids at once.", n=MAX_IDS)
        raise Invalid(message, fields={"ids": message})
    ids = [record_id(value) if not isinstance(value, bool) and isinstance(value, int | str) else None
           for value in raw]
    if None in ids:
        message = _("Every id must be a notification's number.")
        raise Invalid(message, fields={"ids": message})
    return sorted(set(ids))


def mark_read(user: User | None, ids=None, *, everything: bool = False) -> int:
    """Mark some (``ids``) or all of the member's notifications read; returns how many unread are left.

    An id that is not one of the reader's visible notifications is refused (400), and nothing is marked.
    """
    user = _member(user)
    now = utcnow()
    with write():
        if everything:
            db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                          Notification.read_at.is_(None)).values(read_at=now))
        else:
            wanted = _clean_ids(ids)
            found = set(db.session.scalars(select(Notification.id).where(visible(user),
                                                                          Notification.id.in_(wanted))))
            unknown = [i for i in wanted if i not in found]
            if unknown:
                message = _("No such notification: %(ids)s", ids=", ".join(map(str, unknown[:10])))
                raise Invalid(message, fields={"ids": message})
            db.session.execute(update(Notification).where(Notification.id.in_(wanted),
                                                          Notification.read_at.is_(None)).values(read_at=now))
    return unread_count(user)


def open_notification(user: User | None, notification_id) -> str:
    """Mark one notification read and give the path it leads to; not the reader's (or hidden) → 404."""
    user = _member(user)
    wanted = record_id(notification_id)
    notification = db.session.scalar(_listing(user).where(Notification.id == wanted)) if wanted else None
    if notification is None:
        raise NotFound(_("No such notification."))
    if notification.read_at is None:
        with write():
            db.session.execute(update(Notification).where(Notification.id == notification.id,
                                                          Notification.read_at.is_(None)).values(read_at=utcnow()))
    return describe(notification)["url"]


# -- hand-over to mail ---------------------------------------------------------

def pending_mail(user_id: int, limit: int = 50) -> list[Notification]:
    """The member's unread, not yet mailed notifications they may still see, oldest first."""
    user = db.session.get(User, user_id)
    if user is None:
        return []
    query = (_listing(user).where(Notification.read_at.is_(None), Notification.mailed_at.is_(None))
             .order_by(Notification.created_at, Notification.id).limit(limit))
    return list(db.session.scalars(query))


def mark_mailed(ids: list[int]) -> None:
    """Record that these notifications went out by mail (a retried mail job skips them)."""
    if not ids:
        return
    with write():
        db.session.execute(update(Notification).where(Notification.id.in_(list(ids)),
                                                      Notification.mailed_at.is_(None)).values(mailed_at=utcnow()))


# -- watch levels --------------------------------------------------------------

def _clean_level(raw) -> str:
    if raw not in LEVELS:
        message = _("Choose one of: %(levels)s.", levels=", ".join(LEVELS))
        raise Invalid(message, fields={"level": message})
    return raw


def _store_watch(user: User, level: str, *, thread_id: int | None = None, category_id: int | None = None) -> None:
    """Insert the row if missing, then set its level: two statements, safe when two requests race."""
    target = Watch.thread_id == thread_id if thread_id else Watch.category_id == category_id
    with write():
        db.session.execute(insert_or_ignore(Watch).values(user_id=user.id, thread_id=thread_id,
                                                          category_id=category_id, level=level, updated_at=utcnow()))
        db.session.execute(update(Watch).where(Watch.user_id == user.id, target)
                           .values(level=level, updated_at=utcnow()))


def set_thread_watch(user: User | None, thread_id, level) -> str:
    """Set the member's level for a thread they may read."""
    user = _member(user)
    level = _clean_level(level)
    thread = board.get_thread(user, thread_id)
    _store_watch(user, level, thread_id=thread.id)
    return level


def set_category_watch(user: User | None, slug, level) -> str:
    """Set the member's level for a category (its threads without a level of their own follow it)."""
    user = _member(user)
    level = _clean_level(level)
    category = board.category_by_slug(slug)
    _store_watch(user, level, category_id=category.id)
    return level


def reader_state(user: User | None, *, thread: Thread | None = None, category: Category | None = None) -> dict:
    """What a member's page shows of notifications, in one statement: ``{"unread", "level", "own", "category_level"}``.

    ``unread`` is the bell's count. For a thread (or category) page, ``level`` is what applies there
    (the thread's own, else its category's, else normal) and ``own`` whether the thread (or category)
    has a level of its own. Guests get ``{}``.
    """
    if user is None or not user.is_authenticated:
        return {}
    unread = (select(func.count()).select_from(Notification)
              .where(visible(user), Notification.read_at.is_(None)).scalar_subquery())
    columns = [unread]
    category_id = thread.category_id if thread is not None else category.id if category is not None else None
    if category_id is not None:
        columns.append(select(Watch.level).where(Watch.user_id == user.id, Watch.category_id == category_id)
                       .scalar_subquery())
    if thread is not None:
        columns.append(select(Watch.level).where(Watch.user_id == user.id, Watch.thread_id == thread.id)
                       .scalar_subquery())
    row = db.session.execute(select(*columns)).one()
    state = {"unread": row[0] or 0}
    if category_id is not None:
        by_category = row[1]
        own = row[2] if thread is not None else by_category
        state.update(level=own or by_category or "normal", own=own is not None, category_level=by_category or "normal")
    return state
