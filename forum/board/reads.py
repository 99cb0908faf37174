"""How far each member has read each thread, for the "new" markers in lists and on thread pages.

A thread page view writes only when it shows the member posts beyond what
they had read (one upsert that never moves the position back), so reading
the same page again costs no write. Guests have no position and see no
markers.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, cast, null, select, union_all, update

from forum.accounts.models import User
from forum.board.models import REACTION_KINDS, Post, PostReaction, ThreadRead
from forum.database import insert_or_ignore, write
from forum.extensions import db

__all__ = ["advance", "on_page", "positions"]


def _member(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def on_page(user: User, thread_id: int, first: int, last: int) -> tuple[int | None, dict[int, list[str]]]:
    """What a thread page needs about its reader, in one statement: their read position (None if never
    read) and the kinds they gave each post numbered ``first`` to ``last``."""
    mine = (select(PostReaction.post_id, PostReaction.kind, cast(null(), Integer).label("number"))
            .join(Post, Post.id == PostReaction.post_id)
            .where(PostReaction.user_id == user.id, Post.thread_id == thread_id, Post.number.between(first, last)))
    read = (select(cast(null(), Integer), cast(null(), String), ThreadRead.last_read_post_number)
            .where(ThreadRead.user_id == user.id, ThreadRead.thread_id == thread_id))
    known, given = None, {}
    for post_id, kind, number in db.session.execute(union_all(mine, read)):
        if post_id is None:
            known = number
        else:
            given.setdefault(post_id, []).append(kind)
    for kinds in given.values():
        kinds.sort(key=REACTION_KINDS.index)
    return known, given


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
