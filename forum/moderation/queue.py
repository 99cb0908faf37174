"""The review queue and what moderators do with a post: dismiss its flags, hide, restore, delete, approve.

The queue lists, grouped by post, every post with open flags and every new
account's post waiting for approval (state ``pending``), newest first, with
what the moderator needs to judge: the flags' reasons and notes, and the
author's history (posts, earlier moderation actions, account age). Every
action is logged (``services.record``), resolves the post's open flags, and
tells the post's author (signal ``post_moderated``, heard by notifications).
Posts change state only through ``forum.board.services.set_post_state``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload

from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.board import services as board
from forum.board.models import Post, Thread
from forum.board.signals import post_created
from forum.database import after_commit, write
from forum.errors import Conflict, NotAllowed, NotFound
from forum.extensions import db
from forum.inputs import record_id
from forum.models_base import utcnow
from forum.moderation.models import Flag, ModerationAction
from forum.moderation.services import _reason, record
from forum.moderation.signals import post_moderated
from forum.paging import Page

__all__ = ["Review", "queue", "review", "hide", "restore", "delete", "dismiss", "approve"]

QUEUE_PAGE = 20
HISTORY = 5  # earlier moderation actions shown per author


@dataclass
class History:
    """What the queue shows of a post's author."""

    user: User
    post_count: int
    actions: list[ModerationAction]
    action_count: int


@dataclass
class Review:
    """One post in the queue (or on its review page), with its open flags and its author's history."""

    post: Post
    flags: list[Flag] = field(default_factory=list)
    history: History | None = None

    def to_json(self) -> dict:
        return {"post_id": self.post.id, "thread_id": self.post.thread_id, "state": self.post.state,
                "number": self.post.number, "author": self.post.author.username,
                "flags": [{"reason": f.reason, "note": f.note, "by": f.user.username,
                           "created_at": f.created_at.isoformat()} for f in self.flags]}


def _in_queue():
    return or_(Post.id.in_(select(Flag.post_id).where(Flag.resolved_at.is_(None))), Post.state == "pending")


def queue(viewer: User | None, page: int = 1) -> Page:
    """A page of the posts waiting for a moderator, newest first (moderators only)."""
    viewer = accounts.require_moderator(viewer, _("Only moderators see the review queue."))
    where = (_in_queue(), board.visible_threads(viewer))
    total = db.session.scalar(select(func.count(Post.id)).join(Thread, Post.thread_id == Thread.id).where(*where))
    posts = list(db.session.scalars(
        select(Post).join(Thread, Post.thread_id == Thread.id).where(*where)
        .options(joinedload(Post.author), joinedload(Post.thread))
        .order_by(Post.id.desc()).limit(QUEUE_PAGE).offset((page - 1) * QUEUE_PAGE)))
    return Page(_reviews(posts), page, QUEUE_PAGE, total)


def _reviews(posts: list[Post]) -> list[Review]:
    """Each post with its open flags and its author's history: a fixed number of queries per page."""
    ids = [p.id for p in posts]
    flags: dict[int, list[Flag]] = {}
    if ids:
        for entry in db.session.scalars(select(Flag).where(Flag.post_id.in_(ids), Flag.resolved_at.is_(None))
                                        .order_by(Flag.created_at, Flag.id)):
            flags.setdefault(entry.post_id, []).append(entry)
    authors = {p.author_id for p in posts}
    counts = dict(db.session.execute(select(ModerationAction.target_id, func.count()).where(
        ModerationAction.target_id.in_(authors)).group_by(ModerationAction.target_id)).all()) if authors else {}
    recent: dict[int, list[ModerationAction]] = {}
    if authors:
        rank = func.row_number().over(partition_by=ModerationAction.target_id,
                                      order_by=(ModerationAction.created_at.desc(), ModerationAction.id.desc()))
        ranked = select(ModerationAction.id, rank.label("rank")).where(
            ModerationAction.target_id.in_(authors)).subquery()
        query = (select(ModerationAction).join(ranked, ranked.c.id == ModerationAction.id)
                 .where(ranked.c.rank <= HISTORY).order_by(ModerationAction.created_at.desc()))
        for action in db.session.scalars(query):
            recent.setdefault(action.target_id, []).append(action)
    return [Review(p, flags.get(p.id, []),
                   History(p.author, p.author.post_count, recent.get(p.author_id, []), counts.get(p.author_id, 0)))
            for p in posts]


def _post_for(viewer: User | None, post_id) -> Post:
    """The post a moderator acts on (one in a thread they may read), else a refusal."""
    viewer = accounts.require_moderator(viewer, _("Only moderators review posts."))
    post_id = record_id(post_id)
    post = db.session.get(Post, post_id) if post_id else None
    if post is None or not board.can_view_thread(viewer, post.thread):
        raise NotFound(_("No such post."))
    return post


def review(viewer: User | None, post_id) -> Review:
    """One post with its open flags and its author's history (moderators)."""
    return _reviews([_post_for(viewer, post_id)])[0]


def _resolve_flags(post: Post) -> int:
    return db.session.execute(update(Flag).where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
                              .values(resolved_at=utcnow())).rowcount


def _act(actor: User, post: Post, action: str, reason: str, state: str | None, *, tell: bool = True) -> Post:
    """Change ``post`` to ``state`` (None: unchanged), log ``action``, resolve its flags, tell its author."""
    if state is not None:
        board.set_post_state(post, state, reason if state != "visible" else "")
    _resolve_flags(post)
    record(actor, action, db.session.get(User, post.author_id), reason, thread=post.thread, post=post)
    if tell:
        data = {"post_id": post.id, "thread_id": post.thread_id, "author_id": post.author_id, "action": action,
                "by_id": actor.id}
        after_commit(lambda: post_moderated.send(None, **data))
    return post


def hide(viewer: User | None, post_id, reason) -> Post:
    """Hide a post with a reason: members see that a moderator hid it; its author and moderators see it all."""
    post = _post_for(viewer, post_id)
    reason = _reason(reason)
    with write():
        if post.state in ("hidden", "deleted"):
            raise Conflict(_("This post is hidden or removed already."))
        return _act(viewer, post, "hide", reason, "hidden")


def delete(viewer: User | None, post_id, reason) -> Post:
    """Remove a post (softly): only moderators see it, admins can restore it."""
    post = _post_for(viewer, post_id)
    reason = _reason(reason)
    with write():
        if post.state == "deleted":
            raise Conflict(_("This post is removed already."))
        return _act(viewer, post, "delete", reason, "deleted")


def restore(viewer: User | None, post_id, reason=None) -> Post:
    """Show a hidden post again (moderators), or a removed one (admins)."""
    post = _post_for(viewer, post_id)
    if post.state == "deleted" and not viewer.is_admin:
        raise NotAllowed(_("Only admins restore removed posts."))
    reason = reason.strip()[:500] if isinstance(reason, str) else ""
    with write():
        if post.state not in ("hidden", "deleted"):
            raise Conflict(_("This post is not hidden."))
        return _act(viewer, post, "restore", reason, "visible")


def dismiss(viewer: User | None, post_id, reason=None) -> Post:
    """The flags were unfounded: they leave the queue, and a post the flags hid shows again."""
    post = _post_for(viewer, post_id)
    reason = reason.strip()[:500] if isinstance(reason, str) else ""
    with write():
        if not db.session.scalar(select(func.count()).select_from(Flag).where(
                Flag.post_id == post.id, Flag.resolved_at.is_(None))):
            raise Conflict(_("This post has no open flags."))
        if post.state == "hidden" and _hidden_by_flags(post):
            return _act(viewer, post, "restore", reason or _("Flags dismissed"), "visible")
        return _act(viewer, post, "dismiss", reason, None, tell=False)


def _hidden_by_flags(post: Post) -> bool:
    """Whether the post's last hiding was the flags' (not a moderator's)."""
    last = db.session.scalar(select(ModerationAction.action).where(
        ModerationAction.post_id == post.id, ModerationAction.action.in_(("hide", "auto_hide")))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc()).limit(1))
    return last == "auto_hide"


def approve(viewer: User | None, post_id, reason=None) -> Post:
    """Let a new account's post that waited for review be seen: it counts, and notifies, from now."""
    post = _post_for(viewer, post_id)
    reason = reason.strip()[:500] if isinstance(reason, str) else ""
    with write():
        if post.state != "pending":
            raise Conflict(_("This post is not waiting for approval."))
        _act(viewer, post, "approve", reason, "visible")
        data = {"post_id": post.id, "thread_id": post.thread_id, "author_id": post.author_id,
                "new_thread": post.number == 1}
        after_commit(lambda: post_created.send(None, **data))
    return post
