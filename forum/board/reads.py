"""How far each member has read each thread, for the "new" markers in lists and on thread pages.

A thread page view writes only when it shows the member posts beyond what
they had read (one upsert that never moves the position back), so reading
the same page again costs no write. Guests have no position and see no
markers.
"""

from __future__ import annotations

from sqlalchemy import select, update

from forum.accounts.models import User
from forum.board.models import ThreadRead
from forum.database import insert_or_ignore, write
from forum.extensions import db

__all__ = ["advance", "position", "positions"]


def _member(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def position(user: User | None, thread_id: int) -> int | None:
    """The highest post number of the thread ``user`` has seen, None if never (or a guest)."""
    if not _member(user):
        return None
    return db.session.scalar(select(ThreadRead.last_read_post_number)
                             .where(ThreadRead.user_id == user.id, ThreadRead.thread_id == thread_id))


def positions(user: User | None, thread_ids: list[int]) -> dict[int, int]:
    """``position`` for many threads at once (one query; empty for guests)."""
    if not _member(user) or not thread_ids:
        return {}
    rows = db.session.execute(select(ThreadRead.thread_id, ThreadRead.last_read_post_number)
                              .where(ThreadRead.user_id == user.id, ThreadRead.thread_id.in_(thread_ids)))
    return {thread_id: number for thread_id, number in rows}


def advance(user: User | None, thread_id: int, seen: int, known: int | None) -> bool:
    """Record that ``user`` saw posts up to number ``seen``; ``known`` is the position read before.

    Writes nothing when ``seen`` is not beyond ``known``; the write itself never moves a
    position back (another tab may have advanced it meanwhile). True when it wrote.
    """
    if not _member(user) or seen < 1 or (known is not None and seen <= known):
        return False
    with write():
        if known is None:
            inserted = db.session.execute(insert_or_ignore(ThreadRead).values(
                user_id=user.id, thread_id=thread_id, last_read_post_number=seen)
                .returning(ThreadRead.user_id)).first()
            if inserted is not None:
                return True
        db.session.execute(update(ThreadRead)
                           .where(ThreadRead.user_id == user.id, ThreadRead.thread_id == thread_id,
                                  ThreadRead.last_read_post_number < seen)
                           .values(last_read_post_number=seen))
    return True


def new_replies(post_count: int, read: int | None) -> int:
    """How many posts of a thread with ``post_count`` posts are beyond position ``read`` (0 if never read)."""
    if read is None:
        return 0
    return max(post_count - read, 0)
