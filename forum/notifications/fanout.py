"""Who is told about what: the recipients of each event, computed in a job and stored in bulk.

Each recipient gets one notification per post, of the most specific kind:
``mention`` (named in the post), then ``reply`` (the post quotes them, or,
quoting nobody, answers the opening post they wrote), then ``watched`` (they
watch the thread or its category). Never the actor, never a suspended member,
never one who muted the thread (or its category), never one who may not read
the thread (``board.readers_among``, the board's own rule).

Recipients are read first; rows then go in as multi-row ``INSERT ... ON
CONFLICT DO NOTHING`` statements of ``CHUNK`` rows, each its own short
transaction. The unique index on (member, post) for these kinds makes a
retried job, or an edit that mentions someone already told, a no-op.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import and_, delete, exists, false, select, union, update
from sqlalchemy.orm import aliased

from forum import markup
from forum.accounts.models import User
from forum.board import services as board
from forum.board.models import Post, Thread
from forum.database import insert_or_ignore, is_sqlite, write
from forum.extensions import db
from forum.models_base import utcnow
from forum.notifications.models import Notification, Watch

CHUNK = 500
SQLITE_PAUSE = 0.03  # seconds between chunks: longer than a waiting writer's first polls
_SQLITE_CHUNKS = threading.Lock()

__all__ = ["post_created", "post_edited", "solution_marked", "reaction_added", "mentorship_changed",
           "live_session_opened", "thread_moderated"]


def _levels(user_ids: set[int], thread: Thread) -> dict[int, str]:
    """Each member's level for ``thread``: its own, else its category's (members without one: absent)."""
    if not user_ids:
        return {}
    rows = db.session.execute(select(Watch.user_id, Watch.thread_id, Watch.level).where(
        Watch.user_id.in_(sorted(user_ids)),
        (Watch.thread_id == thread.id) | (Watch.category_id == thread.category_id))).all()
    levels: dict[int, str] = {}
    for user_id, _thread, level in sorted(rows, key=lambda r: r.thread_id is not None):
        levels[user_id] = level  # the thread's own row comes last and wins
    return levels


def _active(user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    return set(db.session.scalars(select(User.id).where(User.id.in_(sorted(user_ids)), User.suspended == false())))


def _ids_of(keys: list[str]) -> set[int]:
    if not keys:
        return set()
    return set(db.session.scalars(select(User.id).where(User.username_key.in_(keys), User.suspended == false())))


def _watchers(thread: Thread) -> set[int]:
    """Active members watching the thread, or its category without a level of their own for the thread."""
    own = aliased(Watch)
    by_thread = select(Watch.user_id).where(Watch.thread_id == thread.id, Watch.level == "watching")
    by_category = select(Watch.user_id).where(
        Watch.category_id == thread.category_id, Watch.level == "watching",
        ~exists().where(own.user_id == Watch.user_id, own.thread_id == thread.id))
    watching = union(by_thread, by_category).subquery()
    query = select(User.id).join(watching, watching.c.user_id == User.id).where(User.suspended == false())
    return set(db.session.scalars(query))


def _insert(rows: list[dict]) -> None:
    """One multi-row insert on the Core table (the ORM's bulk path costs more per row and gives nothing here)."""
    if rows:
        db.session.connection().execute(insert_or_ignore(Notification.__table__), rows)


def _row(user_id: int, kind: str, **values) -> dict:
    now = utcnow()
    row = {"user_id": user_id, "kind": kind, "event": None, "actor_id": None, "thread_id": None, "post_id": None,
           "subject_id": None, "count": 1, "created_at": now, "updated_at": now}
    row.update(values)
    return row


def _track(user_id: int, thread: Thread) -> None:
    """Put a member who posted at ``tracking`` for the thread, unless they chose a level or watch its category."""
    if _levels({user_id}, thread).get(user_id) == "watching":
        return
    db.session.execute(insert_or_ignore(Watch), [{"user_id": user_id, "thread_id": thread.id,
                                                  "level": "tracking", "updated_at": utcnow()}])


def post_created(post_id: int) -> int:
    """Tell everyone a new post concerns; returns how many members that is (a retry stores only the missing)."""
    post = db.session.get(Post, post_id)
    if post is None or not board.can_view_post(None, post):  # waiting for review, hidden or removed
        return 0
    thread = db.session.get(Thread, post.thread_id)
    with write():
        _track(post.author_id, thread)
    mentioned = _ids_of(markup.mentions(post.body))
    quoted = _ids_of(markup.quoted_authors(post.body))
    opening = {thread.author_id} if post.number > 1 and not quoted else set()
    direct = mentioned | quoted | _active(opening)
    levels = _levels(direct, thread)
    kinds: dict[int, str] = dict.fromkeys(_watchers(thread), "watched")
    for uid in direct:
        level = levels.get(uid, "normal")
        if level == "muted":
            kinds.pop(uid, None)
        elif uid in mentioned:
            kinds[uid] = "mention"
        elif uid in quoted or level in ("tracking", "watching"):
            kinds[uid] = "reply"
    kinds.pop(post.author_id, None)
    readers = board.readers_among(thread, kinds)
    rows = [_row(uid, kind, actor_id=post.author_id, thread_id=thread.id, post_id=post.id)
            for uid, kind in sorted(kinds.items()) if uid in readers]
    db.session.rollback()  # end the read transaction: the writes below each take the lock briefly
    _insert_in_chunks(rows)
    return len(rows)


def _insert_in_chunks(rows: list[dict]) -> None:
    """Store ``rows`` in short transactions of ``CHUNK`` rows, so a page's write never waits long for the lock.

    On SQLite one writer holds the whole database: 5,000 rows in one transaction would hold the
    replies of everyone else for its whole length, and chunks back to back would starve them (a
    waiting writer polls its lock every 1-100 ms): between chunks the lock is left free a moment.
    A retried job stores only what is missing.
    """
    sqlite = is_sqlite()
    for start in range(0, len(rows), CHUNK):
        if not sqlite:
            with write():
                _insert(rows[start:start + CHUNK])
            continue
        # The pause is held under a lock every fan-out thread of this process shares: two jobs
        # at once would otherwise fill each other's pauses and starve the pages all the same.
        with _SQLITE_CHUNKS:
            with write():
                _insert(rows[start:start + CHUNK])
            time.sleep(SQLITE_PAUSE)


def post_edited(post_id: int, editor_id: int) -> int:
    """Tell the members an edit newly mentions (those told about the post already are not told again)."""
    post = db.session.get(Post, post_id)
    if post is None:
        return 0
    thread = db.session.get(Thread, post.thread_id)
    with write():
        mentioned = _ids_of(markup.mentions(post.body)) - {post.author_id, editor_id}
        levels = _levels(mentioned, thread)
        wanted = {uid for uid in mentioned if levels.get(uid) != "muted"}
        readers = board.readers_among(thread, wanted)
        rows = [_row(uid, "mention", actor_id=post.author_id, thread_id=thread.id, post_id=post.id)
                for uid in sorted(readers)]
        _insert(rows)
    return len(rows)


def _post_author_to_tell(post_id: int, actor_id: int) -> tuple[Post, Thread] | None:
    """The post and thread when its author should hear of ``actor_id``'s act on it, else None."""
    post = db.session.get(Post, post_id)
    if post is None or post.author_id == actor_id or not _active({post.author_id}):
        return None
    thread = db.session.get(Thread, post.thread_id)
    if _levels({post.author_id}, thread).get(post.author_id) == "muted":
        return None
    if not board.readers_among(thread, {post.author_id}):
        return None
    return post, thread


def solution_marked(post_id: int, by_id: int) -> int:
    """Tell the author of the post marked as the solution (once per post)."""
    found = _post_author_to_tell(post_id, by_id)
    if found is None:
        return 0
    post, thread = found
    with write():
        told = db.session.scalar(select(exists().where(
            Notification.user_id == post.author_id, Notification.post_id == post.id, Notification.kind == "solution")))
        if told:
            return 0
        _insert([_row(post.author_id, "solution", actor_id=by_id, thread_id=thread.id, post_id=post.id)])
    return 1


def reaction_added(post_id: int, user_id: int) -> int:
    """Tell the post's author of a reaction: one unread notification per post, whose count and actor move."""
    found = _post_author_to_tell(post_id, user_id)
    if found is None:
        return 0
    post, thread = found
    now = utcnow()
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(Notification).values(
        _row(post.author_id, "reaction", actor_id=user_id, thread_id=thread.id, post_id=post.id))
    statement = statement.on_conflict_do_update(
        index_elements=[Notification.user_id, Notification.post_id],
        index_where=and_(Notification.kind == "reaction", Notification.read_at.is_(None)),
        set_={"count": Notification.count + 1, "actor_id": user_id, "updated_at": now})
    with write():
        db.session.execute(statement)
    return 1


def mentorship_changed(mentorship_id: int, event: str, actor_id: int | None) -> int:
    """Tell both people of a mentorship what happened to it (not the one who did it)."""
    from forum.mentoring.models import Mentorship

    mentorship = db.session.get(Mentorship, mentorship_id)
    if mentorship is None:
        return 0
    people = _active({mentorship.mentor_id, mentorship.mentee_id}) - {actor_id}
    with write():
        _insert([_row(uid, "mentorship", event=event, actor_id=actor_id, subject_id=mentorship.id)
                 for uid in sorted(people)])
    return len(people)


def live_session_opened(session_id: int, actor_id: int | None) -> int:
    """Tell the members watching or tracking the session's category, and its moderator when another opened it."""
    from forum.live.models import LiveSession

    live = db.session.get(LiveSession, session_id)
    if live is None:
        return 0
    following = set(db.session.scalars(select(Watch.user_id).where(
        Watch.category_id == live.category_id, Watch.level.in_(("watching", "tracking")))))
    people = _active(following | {live.moderator_id}) - {actor_id}
    rows = [_row(uid, "live_session", event="opened", actor_id=actor_id, subject_id=live.id) for uid in sorted(people)]
    db.session.rollback()
    _insert_in_chunks(rows)
    return len(rows)


def post_moderated(post_id: int, action: str, by_id: int | None) -> int:
    """Tell a post's author what a moderator (or the flags) did with it; a removed post links to its thread."""
    post = db.session.get(Post, post_id)
    if post is None or post.author_id == by_id or not _active({post.author_id}):
        return 0
    with write():
        _insert([_row(post.author_id, "moderation", event=action, actor_id=by_id, thread_id=post.thread_id,
                      post_id=None if post.state == "deleted" else post.id)])
    return 1
def thread_moderated(thread_id: int, action: str, actor_id: int, told: list[int], source_id: int | None = None,
                     post_ids: list[int] | None = None) -> int:
    """Tell the authors a moderator's action on a thread concerns; after a merge or split, watches and
    notifications follow the posts to their thread. A retry changes nothing twice."""
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        return 0
    with write():
        if action == "merge" and source_id is not None:
            _follow_merge(source_id, thread.id)
        elif action == "split" and source_id is not None:
            _follow_split(source_id, thread.id, post_ids or [])
    people = _active(set(told) - {actor_id})
    levels = _levels(people, thread)
    people = {uid for uid in board.readers_among(thread, people) if levels.get(uid) != "muted"}
    rows = [_row(uid, "moderation", event=action, actor_id=actor_id, thread_id=thread.id) for uid in sorted(people)]
    with write():
        already = set(db.session.scalars(select(Notification.user_id).where(
            Notification.kind == "moderation", Notification.event == action, Notification.thread_id == thread.id,
            Notification.actor_id == actor_id, Notification.read_at.is_(None))))
        _insert([row for row in rows if row["user_id"] not in already])
    return len(rows)


def _follow_merge(source_id: int, target_id: int) -> None:
    """The merged thread's watches and notifications now belong to the thread it was merged into."""
    watching_target = select(Watch.user_id).where(Watch.thread_id == target_id)
    db.session.execute(delete(Watch).where(Watch.thread_id == source_id, Watch.user_id.in_(watching_target)))
    db.session.execute(update(Watch).where(Watch.thread_id == source_id).values(thread_id=target_id))
    db.session.execute(update(Notification).where(Notification.thread_id == source_id).values(thread_id=target_id))


def _follow_split(source_id: int, new_id: int, post_ids: list[int]) -> None:
    """Members watching the thread split from watch the new one alike; notifications of the moved posts follow."""
    rows = db.session.execute(select(Watch.user_id, Watch.level).where(Watch.thread_id == source_id)).all()
    if rows:
        db.session.execute(insert_or_ignore(Watch), [{"user_id": uid, "thread_id": new_id, "level": level,
                                                      "updated_at": utcnow()} for uid, level in rows])
    if post_ids:
        db.session.execute(update(Notification).where(Notification.post_id.in_(post_ids))
                           .values(thread_id=new_id))
