"""Reactions on posts: thanks, helpful, insightful; one of each kind per member per post.

Each post keeps a counter per kind, changed in the transaction that adds or
removes a reaction, so the thread page shows counts without reading the
reactions themselves. A change bumps the thread's revision: the shared
rendering of its pages shows the counts.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import load_only

from forum.accounts.models import User
from forum.accounts.services import require_member
from forum.board import services
from forum.board.models import REACTION_KINDS, Post, PostReaction, Thread
from forum.board.signals import reaction_added, send_after_commit
from forum.database import insert_or_ignore, write
from forum.errors import Invalid, NotAllowed
from forum.extensions import db
from forum.models_base import utcnow
from forum.paging import Page

__all__ = ["LABELS", "REACTION_KINDS", "my_reactions", "react", "reactors"]

LABELS = {"thanks": _l("thanks"), "helpful": _l("helpful"), "insightful": _l("insightful")}
_COUNTERS = {kind: getattr(Post, f"{kind}_count") for kind in REACTION_KINDS}


def _kind(kind) -> str:
    if kind not in REACTION_KINDS:
        message = _("A reaction is one of: %(kinds)s.", kinds=", ".join(REACTION_KINDS))
        raise Invalid(message, fields={"kind": message})
    return kind


def react(user: User | None, post_id, kind, on: bool = True) -> Post:
    """Add (``on``) or take back ``user``'s reaction of ``kind`` to a post; doing it twice changes nothing."""
    require_member(user)
    post = services.get_post(user, post_id)
    kind = _kind(kind)
    if not services.can_react(user, post.author_id):
        raise NotAllowed(_("You cannot react to your own post."))
    with write():
        # RETURNING says whether a row changed (rowcount is not reliable for these on every driver).
        if on:
            statement = insert_or_ignore(PostReaction).values(
                post_id=post.id, user_id=user.id, kind=kind, created_at=utcnow())
        else:
            statement = delete(PostReaction).where(
                PostReaction.post_id == post.id, PostReaction.user_id == user.id, PostReaction.kind == kind)
        changed = db.session.execute(statement.returning(PostReaction.post_id)).first() is not None
        if changed:
            counter = _COUNTERS[kind]
            db.session.execute(update(Post).where(Post.id == post.id)
                               .values({counter: counter + (1 if on else -1)}))
            db.session.execute(update(Thread).where(Thread.id == post.thread_id)
                               .values(revision=Thread.revision + 1))
            if on:
                send_after_commit(reaction_added, post_id=post.id, thread_id=post.thread_id, user_id=user.id,
                                  kind=kind)
    if changed:
        db.session.refresh(post)
    return post


def my_reactions(user: User | None, post_ids: list[int]) -> dict[int, list[str]]:
    """The kinds ``user`` gave each of ``post_ids`` (one query; none for guests)."""
    if user is None or not getattr(user, "is_authenticated", False) or not post_ids:
        return {}
    rows = db.session.execute(select(PostReaction.post_id, PostReaction.kind).where(
        PostReaction.user_id == user.id, PostReaction.post_id.in_(post_ids)))
    return _grouped(rows)


def _grouped(rows) -> dict[int, list[str]]:
    """``(id, kind)`` rows as ``{id: [kind, ...]}``, kinds in their usual order."""
    mine: dict[int, list[str]] = {}
    for key, kind in rows:
        mine.setdefault(key, []).append(kind)
    for kinds in mine.values():
        kinds.sort(key=REACTION_KINDS.index)
    return mine


def reactors(user: User | None, post_id, page: int, per_page: int = 30) -> tuple[Post, Page]:
    """Who reacted to a post the reader may see, by name: a page of ``(User, [kind, ...])``."""
    post = services.get_post(user, post_id)
    people = (select(PostReaction.user_id).where(PostReaction.post_id == post.id).distinct())
    total = db.session.scalar(select(func.count()).select_from(people.subquery()))
    users = list(db.session.scalars(
        select(User).options(load_only(*services.AUTHOR_COLUMNS)).where(User.id.in_(people))
        .order_by(User.display_name, User.id).limit(per_page).offset((page - 1) * per_page)))
    given = _kinds_by_user([u.id for u in users], post.id)
    return post, Page([(u, given.get(u.id, [])) for u in users], page, per_page, total)


def _kinds_by_user(user_ids: list[int], post_id: int) -> dict[int, list[str]]:
    """The kinds each of ``user_ids`` gave one post (one query)."""
    if not user_ids:
        return {}
    rows = db.session.execute(select(PostReaction.user_id, PostReaction.kind).where(
        PostReaction.post_id == post_id, PostReaction.user_id.in_(user_ids)))
    return _grouped(rows)
