"""Moderators' actions on threads: lock, pin, move, merge and split.

Moderators and admins only; each action is one transaction that changes the
threads, keeps every counter right (threads and posts per category, the
latest post, replies per thread), bumps the threads' ``revision`` (the
shared page cache's key), logs itself in the moderation log and, after the
commit, tells the members concerned (``signals.thread_moderated``).

Merging moves every post of one thread into another and numbers the result
by the time each post was written; the merged thread keeps its row, with
``merged_into_id`` naming the thread its address now redirects to. Splitting
moves chosen replies into a new thread in the same category; the first post
always stays. Read positions follow the posts. Private threads (mentorship
conversations) are never merged or split: their posts would become public,
or public posts private.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import defer, joinedload

from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.board import services
from forum.board.models import Category, Post, Tag, Thread, ThreadRead
from forum.board.signals import send_after_commit, thread_moderated
from forum.board.stemming import index_text
from forum.database import write
from forum.errors import Conflict, Invalid, Moved, NotAllowed, NotFound
from forum.extensions import db
from forum.inputs import record_id
from forum.moderation import services as moderation

__all__ = ["FLAGS", "can_moderate", "every_post", "set_flag", "move", "merge", "split", "REASON_MAX", "MAX_SPLIT"]

REASON_MAX = 500
MAX_SPLIT = 1000  # posts one split may move

# Each switch: the column it sets and the value it sets it to.
FLAGS = {"lock": ("locked", True), "unlock": ("locked", False), "pin": ("pinned", True), "unpin": ("pinned", False)}


def can_moderate(user: User | None, thread: Thread | None = None) -> bool:
    """Moderators and admins (signed in, not suspended) act on the threads they may read."""
    if user is None or not getattr(user, "is_authenticated", False) or user.suspended:
        return False
    return user.is_moderator and (thread is None or services.can_view_thread(user, thread))


def _moderator(user: User | None) -> User:
    return accounts.require_moderator(user, _("Only moderators can lock, pin, move, merge or split threads."))


def _reason(raw) -> str:
    """The optional reason: text of at most ``REASON_MAX`` characters."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise Invalid(fields={"reason": _("The reason must be text.")})
    reason = " ".join(raw.split())
    if len(reason) > REASON_MAX:
        raise Invalid(fields={"reason": _("At most %(max)d characters.", max=REASON_MAX)})
    return reason


def _fresh(thread_id: int) -> Thread:
    """The thread as the write transaction sees it (not the copy read before the write began)."""
    return db.session.get(Thread, thread_id, populate_existing=True)


def _public(thread: Thread) -> None:
    if thread.private:
        raise NotAllowed(_("Private threads cannot be merged or split."))


def _log(user: User, action: str, thread: Thread, reason: str, told, *, author_id: int, detail: str = "",
         **data) -> None:
    moderation.record(user, action, db.session.get(User, author_id), reason, thread=thread, detail=detail)
    send_after_commit(thread_moderated, thread_id=thread.id, action=action, actor_id=user.id,
                      told=sorted(set(told) - {user.id}), **data)


def every_post(thread: Thread) -> list[Post]:
    """Every post of a thread in order, with its author (the split page lists them all to choose from)."""
    return list(db.session.scalars(select(Post).where(Post.thread_id == thread.id)
                                   .options(defer(Post.body), joinedload(Post.author).load_only(
                                       *services.AUTHOR_COLUMNS))
                                   .order_by(Post.number)))


# -- lock, unlock, pin, unpin ---------------------------------------------------

def set_flag(user: User | None, thread_id, action: str, reason=None) -> Thread:
    """Lock, unlock, pin or unpin a thread (``action``, one of ``FLAGS``); again is a 409."""
    column, value = FLAGS[action]
    _moderator(user)
    reason = _reason(reason)
    thread = services.get_thread(user, thread_id)
    with write():
        thread = _fresh(thread.id)
        if getattr(thread, column) == value:
            raise Conflict({
                "lock": _("The thread is locked already."), "unlock": _("The thread is not locked."),
                "pin": _("The thread is pinned already."), "unpin": _("The thread is not pinned."),
            }[action])
        setattr(thread, column, value)
        thread.revision += 1
        _log(user, action, thread, reason, [thread.author_id], author_id=thread.author_id)
    return thread


# -- move ---------------------------------------------------------------------------

def _category_for(slug, field: str = "category") -> Category:
    try:
        return services.category_by_slug(slug)
    except NotFound:
        raise Invalid(fields={field: _("Choose a category from the list.")}) from None


def _latest_post(category_id: int) -> None:
    """Set a category's latest post again from its public threads' posts (after posts left or came)."""
    db.session.execute(update(Category).where(Category.id == category_id)
                       .values(last_post_id=services.category_latest_post(category_id)))


def _count(category_id: int, threads: int, posts: int) -> None:
    db.session.execute(update(Category).where(Category.id == category_id).values(
        thread_count=Category.thread_count + threads, post_count=Category.post_count + posts))


def move(user: User | None, thread_id, category_slug, reason=None) -> Thread:
    """Move a thread to another category; the counters of both follow."""
    _moderator(user)
    reason = _reason(reason)
    thread = services.get_thread(user, thread_id)
    category = _category_for(category_slug)
    with write():
        thread = _fresh(thread.id)
        old = thread.category
        if old.id == category.id:
            raise Invalid(fields={"category": _("The thread is in that category already.")})
        thread.category_id = category.id
        thread.revision += 1
        if not thread.private:  # private threads never count in their category
            visible = thread.post_count - (thread.hidden_count or 0)  # categories count visible posts only
            _count(old.id, -1, -visible)
            _count(category.id, 1, visible)
            db.session.flush()
            _latest_post(old.id)
            _latest_post(category.id)
        _log(user, "move", thread, reason, [thread.author_id], author_id=thread.author_id,
             detail=f"{old.name} → {category.name}")
    db.session.expire_all()
    return db.session.get(Thread, thread.id)


# -- merge and split -----------------------------------------------------------------

def _renumber(numbers: dict[int, int]) -> None:
    """Give posts (by id) their new numbers, in one statement per batch; the old ones must be out of the way."""
    if numbers:
        table = Post.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("pid")).values(number=bindparam("num")),
                           [{"pid": pid, "num": num} for pid, num in numbers.items()])


def _clear_numbers(thread_ids: list[int]) -> None:
    """Move the posts' numbers out of the way (below zero, unique: the post id) before numbering again."""
    db.session.execute(update(Post).where(Post.thread_id.in_(thread_ids)).values(number=-Post.id))


def _posts_of(thread_id: int) -> list:
    return list(db.session.execute(select(Post.id, Post.number, Post.created_at, Post.author_id, Post.state)
                                   .where(Post.thread_id == thread_id).order_by(Post.number)))


def _latest_visible(rows):
    """Of posts in time order, the latest everyone may read (what lists show as a thread's latest), or None."""
    return next((r for r in reversed(rows) if r.state == "visible"), None)


def _not_visible(rows) -> int:
    """How many of ``rows`` are hidden, removed or waiting for review (a thread's ``hidden_count``)."""
    return sum(1 for r in rows if r.state != "visible")


def _in_time_order(rows) -> list:
    return sorted(rows, key=lambda r: (r.created_at, r.id))


def _read_positions(thread_ids: list[int]) -> dict[int, dict[int, int]]:
    """Every member's read position in each of ``thread_ids``: ``{user_id: {thread_id: number}}``."""
    positions: dict[int, dict[int, int]] = {}
    rows = db.session.execute(select(ThreadRead.user_id, ThreadRead.thread_id, ThreadRead.last_read_post_number)
                              .where(ThreadRead.thread_id.in_(thread_ids)))
    for user_id, thread_id, number in rows:
        positions.setdefault(user_id, {})[thread_id] = number
    return positions


def _read_prefix(order: list[tuple[int, int]], read: dict[int, int]) -> int:
    """How many posts of ``order`` (``(old thread, old number)`` each) a member read before the first unread."""
    count = 0
    for thread_id, number in order:
        if number > read.get(thread_id, 0):
            break
        count += 1
    return count


def _set_reads(thread_id: int, positions: dict[int, int]) -> None:
    db.session.execute(delete(ThreadRead).where(ThreadRead.thread_id == thread_id))
    if positions:
        db.session.execute(ThreadRead.__table__.insert(), [
            {"user_id": uid, "thread_id": thread_id, "last_read_post_number": n} for uid, n in positions.items()])


def _other_thread(user: User, raw, field: str) -> Thread:
    thread_id = record_id(raw)
    if thread_id is None:
        raise Invalid(fields={field: _("Give the number of the thread to merge into.")})
    try:
        return services.get_thread(user, thread_id)
    except Moved as moved:
        raise Invalid(fields={field: _("That thread was merged into thread %(id)d: merge into that one.",
                                       id=moved.target_id)}) from None
    except NotFound:
        raise Invalid(fields={field: _("No such thread.")}) from None


def merge(user: User | None, thread_id, into, reason=None) -> Thread:
    """Merge a thread into another: its posts join the other's in time order, its address redirects there."""
    _moderator(user)
    reason = _reason(reason)
    source = services.get_thread(user, thread_id)
    target = _other_thread(user, into, "into")
    if target.id == source.id:
        raise Invalid(fields={"into": _("Choose another thread to merge into.")})
    _public(source)
    _public(target)
    with write():
        source, target = _fresh(source.id), _fresh(target.id)
        if source.merged_into_id is not None or target.merged_into_id is not None:
            raise Conflict(_("One of the threads was merged meanwhile."))
        moving, staying = _posts_of(source.id), _posts_of(target.id)
        combined = _in_time_order(moving + staying)
        from_source = {r.id for r in moving}
        origin = {r.id: (source.id if r.id in from_source else target.id, r.number) for r in combined}
        positions = _read_positions([source.id, target.id])
        _clear_numbers([source.id, target.id])
        db.session.execute(update(Post).where(Post.thread_id == source.id).values(thread_id=target.id))
        _renumber({r.id: n for n, r in enumerate(combined, 1)})
        order = [origin[r.id] for r in combined]
        _set_reads(source.id, {})
        _set_reads(target.id, {uid: _read_prefix(order, read) for uid, read in positions.items()})

        names = [t.name for t in target.tags]
        names += [t.name for t in source.tags if t.name not in names]
        target.tags = list(db.session.scalars(select(Tag).where(Tag.name.in_(names[:services.MAX_TAGS]))))
        if target.solution_post_id is None and source.solution_post_id not in (None, combined[0].id):
            target.solution_post_id = source.solution_post_id
        last = _latest_visible(combined)
        target.post_count, target.hidden_count = len(combined), _not_visible(combined)
        target.last_post_id, target.last_post_at = (last.id, last.created_at) if last else (None, target.last_post_at)
        target.revision += 1
        moved_posts = len(moving) - _not_visible(moving)  # categories count visible posts only
        source.post_count, source.hidden_count, source.last_post_id, source.solution_post_id = 0, 0, None, None
        source.merged_into_id, source.tags = target.id, []
        source.revision += 1
        # A thread merged into the source earlier now leads straight to the target: no chain of redirects.
        db.session.execute(update(Thread).where(Thread.merged_into_id == source.id)
                           .values(merged_into_id=target.id))
        _count(source.category_id, -1, -moved_posts)
        _count(target.category_id, 0, moved_posts)
        db.session.flush()
        for category_id in {source.category_id, target.category_id}:
            _latest_post(category_id)
        _log(user, "merge", target, reason, [source.author_id], author_id=source.author_id, source_id=source.id,
             detail=f"“{source.title}” (#{source.id}) → “{target.title}” (#{target.id})")
    db.session.expire_all()
    return db.session.get(Thread, target.id)


def _post_ids(raw, errors: dict) -> list[int]:
    if not isinstance(raw, list) or not raw:
        errors["post_ids"] = _("Choose the replies to move into the new thread.")
        return []
    ids = [record_id(v) for v in raw]
    if any(i is None for i in ids):
        errors["post_ids"] = _("Post ids are whole numbers.")
        return []
    ids = sorted(set(ids))
    if len(ids) > MAX_SPLIT:
        errors["post_ids"] = _("At most %(n)d posts at once.", n=MAX_SPLIT)
    return ids


def split(user: User | None, thread_id, post_ids, title, reason=None) -> Thread:
    """Move some replies of a thread into a new thread in the same category (never its first post)."""
    _moderator(user)
    reason = _reason(reason)
    source = services.get_thread(user, thread_id)
    errors: dict[str, str] = {}
    clean_title = services._clean_title(title, errors)
    ids = _post_ids(post_ids, errors)
    if errors:
        raise Invalid(fields=errors)
    _public(source)
    with write():
        source = _fresh(source.id)
        rows = _posts_of(source.id)
        wanted = set(ids)
        moving = _in_time_order([r for r in rows if r.id in wanted])
        staying = [r for r in rows if r.id not in wanted]
        if len(moving) != len(wanted):
            raise Invalid(fields={"post_ids": _("Choose replies of this thread.")})
        if any(r.number == 1 for r in moving):
            raise Invalid(fields={"post_ids": _("The first post cannot be split off: it opens the thread.")})
        first, last = moving[0], moving[-1]
        new = Thread(category_id=source.category_id, author_id=first.author_id, title=clean_title,
                     search_title=index_text(clean_title), created_at=first.created_at,
                     last_post_at=last.created_at, post_count=len(moving), hidden_count=_not_visible(moving),
                     private=False)
        new.tags = list(source.tags)
        db.session.add(new)
        db.session.flush()
        positions = _read_positions([source.id])
        _clear_numbers([source.id])
        db.session.execute(update(Post).where(Post.id.in_([r.id for r in moving])).values(thread_id=new.id))
        _renumber({r.id: n for n, r in enumerate(moving, 1)} | {r.id: n for n, r in enumerate(staying, 1)})
        moved_order = [(source.id, r.number) for r in moving]
        _set_reads(source.id, {uid: sum(1 for r in staying if r.number <= read[source.id])
                               for uid, read in positions.items()})
        _set_reads(new.id, {uid: _read_prefix(moved_order, read) for uid, read in positions.items()})
        shown = _latest_visible(moving)
        new.last_post_id = shown.id if shown else None
        if source.solution_post_id in wanted:
            new.solution_post_id = source.solution_post_id if source.solution_post_id != first.id else None
            source.solution_post_id = None
        latest = _latest_visible(_in_time_order(staying))
        source.post_count, source.hidden_count = len(staying), _not_visible(staying)
        if latest is not None:
            source.last_post_id, source.last_post_at = latest.id, latest.created_at
        else:
            source.last_post_id = None
        source.revision += 1
        _count(source.category_id, 1, 0)
        authors = [r.author_id for r in moving]
        _log(user, "split", new, reason, authors, author_id=first.author_id, source_id=source.id,
             post_ids=[r.id for r in moving],
             detail=f"“{source.title}” (#{source.id}) → “{new.title}” (#{new.id}): {len(moving)} posts")
    db.session.expire_all()
    return db.session.get(Thread, new.id)
