"""Rules of moderation: who may suspend whom, and what a suspension does.

A suspended account cannot sign in, post, use its tokens or stay in a live
room: suspending ends every session, token and live connection it has (on
any server process), and the account's later attempts are refused. Every
action is logged with its reason.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.database import write
from forum.errors import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.moderation.models import ACTIONS, ModerationAction
from forum.paging import Page

REASON_MAX = 500
LOG_PAGE = 30


def record(actor: User | None, action: str, target: User, reason: str = "", *, thread=None, post=None,
           detail: str = "") -> ModerationAction:
    """Add one entry to the moderation log, in the caller's transaction.

    ``target`` is the member concerned (the account, or the post's or thread's author);
    ``actor`` None is the command line or the site itself (flags hiding a post).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown moderation action {action!r}")
    entry = ModerationAction(action=action, target_id=target.id, actor_id=actor.id if actor else None,
                             reason=reason, detail=detail[:200],
                             thread_id=thread.id if thread is not None else None,
                             post_id=post.id if post is not None else None)
    db.session.add(entry)
    return entry


def _reason(raw) -> str:
    reason = raw.strip() if isinstance(raw, str) else ""
    if not reason:
        raise Invalid(fields={"reason": _("Say why: the member and the other moderators will read it.")})
    if len(reason) > REASON_MAX:
        raise Invalid(fields={"reason": _("At most %(max)d characters.", max=REASON_MAX)})
    return reason


def can_suspend(actor: User | None, target: User) -> bool:
    """Moderators may suspend members; only admins may suspend moderators and admins; nobody themselves."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_moderator:
        return False
    if actor.suspended or actor.id == target.id:
        return False
    return target.role == "member" or actor.is_admin


def _check(actor: User | None, target: User) -> None:
    """``actor`` None is the command line (trusted)."""
    if actor is None:
        return
    accounts.require_moderator(actor, _("Only moderators suspend accounts."))
    if actor.id == target.id:
        raise NotAllowed(_("You cannot suspend or reinstate yourself."))
    if not can_suspend(actor, target):
        raise NotAllowed(_("Only admins suspend or reinstate moderators and admins."))


def suspend(actor: User | None, username: str, reason) -> User:
    """Suspend an account: it is signed out everywhere, its live connections close, and it is logged."""
    reason = _reason(reason)
    with write():
        target = accounts.get_user_or_404(username)
        _check(actor, target)
        if target.suspended:
            raise Conflict(_("%(name)s is already suspended.", name=target.display_name))
        accounts.set_suspended(target, True)
        record(actor, "suspend", target, reason)
    accounts.sessions_ended.send(target, user_id=target.id)
    return target


def reinstate(actor: User | None, username: str, reason) -> User:
    """Lift a suspension; the member signs in again (old sessions and tokens stay ended)."""
    reason = _reason(reason)
    with write():
        target = accounts.get_user_or_404(username)
        _check(actor, target)
        if not target.suspended:
            raise Conflict(_("%(name)s is not suspended.", name=target.display_name))
        accounts.set_suspended(target, False)
        record(actor, "reinstate", target, reason)
    return target


def log(viewer: User | None, page: int = 1, username: str | None = None, action: str | None = None) -> Page:
    """The moderation log, newest first (moderators only), optionally for one account or one action."""
    accounts.require_moderator(viewer, _("Only moderators read the moderation log."))
    query = select(ModerationAction).order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
    count = select(func.count()).select_from(ModerationAction)
    if username:
        target = accounts.get_user_or_404(username)
        query = query.where(ModerationAction.target_id == target.id)
        count = count.where(ModerationAction.target_id == target.id)
    if action:
        if action not in ACTIONS:
            raise Invalid(fields={"action": _("Unknown action; one of: %(actions)s.",
                                              actions=", ".join(ACTIONS))})
        query = query.where(ModerationAction.action == action)
        count = count.where(ModerationAction.action == action)
    items = list(db.session.scalars(query.limit(LOG_PAGE).offset((page - 1) * LOG_PAGE)))
    return Page(items, page, LOG_PAGE, db.session.scalar(count))


def latest_for(target: User) -> ModerationAction | None:
    """The last action on an account (why it is suspended, say)."""
    return db.session.scalar(select(ModerationAction).where(ModerationAction.target_id == target.id)
                             .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc()).limit(1))
