"""Flags: members report posts to the moderators, once per post and member.

Flags from ``FLAGS_TO_HIDE`` established members (past the new-account
limits when they flagged) hide a post at once, until a moderator reviews it
in the queue (``forum.moderation.queue``): logged as ``auto_hide`` by the site.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.accounts.models import User
from forum.accounts.services import require_member
from forum.board import services as board
from forum.database import after_commit, write
from forum.errors import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.moderation import trust
from forum.moderation.models import FLAG_REASONS, Flag
from forum.moderation.services import record
from forum.moderation.signals import post_moderated

NOTE_MAX = 500


def can_flag(user: User | None, author_id: int) -> bool:
    """Signed-in, unsuspended members flag posts, never their own."""
    return (user is not None and getattr(user, "is_authenticated", False) and not user.suspended
            and user.id != author_id)


def _clean(reason, note) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(reason, str) or reason not in FLAG_REASONS:
        errors["reason"] = _("Choose a reason: %(reasons)s.", reasons=", ".join(FLAG_REASONS))
    if note is None:
        note = ""
    if not isinstance(note, str):
        errors["note"] = _("The note must be text.")
        note = ""
    note = note.strip()
    if len(note) > NOTE_MAX:
        errors["note"] = _("At most %(max)d characters.", max=NOTE_MAX)
    elif reason == "other" and not note:
        errors["note"] = _("Say what is wrong with the post.")
    if errors:
        raise Invalid(fields=errors)
    return reason, note


def flag(user: User | None, post_id, reason, note=None) -> Flag:
    """Report a post (not your own) with a reason; again is a conflict. Enough flags hide it at once."""
    require_member(user)
    post = board.get_post(user, post_id)
    if not can_flag(user, post.author_id):
        raise NotAllowed(_("You cannot flag your own post."))
    reason, note = _clean(reason, note)
    try:
        with write():
            entry = Flag(post_id=post.id, user_id=user.id, reason=reason, note=note, weighty=not trust.is_new(user))
            db.session.add(entry)
            db.session.flush()
            _hide_when_flagged_enough(post)
    except IntegrityError:
        raise Conflict(_("You have flagged this post already.")) from None
    return entry


def _hide_when_flagged_enough(post) -> None:
    """Hide ``post`` (in the caller's write) once enough established members flagged it and nobody reviewed it."""
    if post.state != "visible":
        return
    weighty = db.session.scalar(select(func.count()).select_from(Flag).where(
        Flag.post_id == post.id, Flag.resolved_at.is_(None), Flag.weighty.is_(True)))
    if weighty < current_app.config["FLAGS_TO_HIDE"]:
        return
    reason = _("Hidden after flags from several members, until a moderator reviews it.")
    board.set_post_state(post, "hidden", reason)
    record(None, "auto_hide", db.session.get(User, post.author_id), reason, thread=post.thread, post=post)
    data = {"post_id": post.id, "thread_id": post.thread_id, "author_id": post.author_id, "action": "auto_hide",
            "by_id": None}
    after_commit(lambda: post_moderated.send(None, **data))
