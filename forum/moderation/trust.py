"""New-account limits: what a member may post until the site trusts them.

A member is new until BOTH ``TRUST_NEW_ACCOUNT_HOURS`` have passed since they
registered and they have ``TRUST_NEW_ACCOUNT_POSTS`` visible posts, or until a
moderator marks them established. New accounts post at most
``TRUST_MAX_LINKS`` links per post and no images, start at most
``TRUST_NEW_THREADS_PER_DAY`` threads a day, and their posts with links wait in
the review queue (state ``pending``) until a moderator approves them.
Moderators and admins are never new.

The board calls :func:`check_post` before each new post and
:func:`check_limits` before each edit; uploads call :func:`check_attachments`
(the hook for attachments: new accounts may attach nothing).
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from forum import markup
from forum.accounts import services as accounts
from forum.accounts.models import User
from forum.board.models import Thread
from forum.database import write
from forum.errors import Invalid, NotAllowed
from forum.extensions import db
from forum.models_base import utcnow

__all__ = ["is_new", "set_established", "check_post", "check_limits", "check_attachments", "count_links", "has_images"]

CODE = "new_account_limit"
# A link in the text as written: markdown links, autolinks and bare addresses alike.
_LINK_RE = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)|\bmailto:")


def is_new(user: User | None) -> bool:
    """Whether ``user``'s posts are under the new-account limits."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_moderator or user.established:
        return False
    config = current_app.config
    young = user.created_at > utcnow() - timedelta(hours=config["TRUST_NEW_ACCOUNT_HOURS"])
    return young or user.post_count < config["TRUST_NEW_ACCOUNT_POSTS"]


def count_links(body: str) -> int:
    """How many links ``body`` (markdown) has."""
    return len(_LINK_RE.findall(body))


def has_images(body: str) -> bool:
    """Whether ``body`` shows an image (a markdown image, however written)."""
    return "<img" in markup.render(body)


def _what_lifts() -> str:
    config = current_app.config
    return _("These limits lift by themselves once your account is %(hours)d hours old and has %(posts)d posts, "
             "or when a moderator lifts them.", hours=config["TRUST_NEW_ACCOUNT_HOURS"],
             posts=config["TRUST_NEW_ACCOUNT_POSTS"])


def _refuse(why: str) -> NotAllowed:
    return NotAllowed(f"{why} {_what_lifts()}", code=CODE)


def check_limits(user: User | None, body: str) -> None:
    """Refuse (403 ``new_account_limit``) a text a new account may not post: too many links, or images."""
    if not is_new(user):
        return
    most = current_app.config["TRUST_MAX_LINKS"]
    if count_links(body) > most:
        raise _refuse(_("New accounts can put at most %(n)d links in a post.", n=most))
    if has_images(body):
        raise _refuse(_("New accounts cannot show images in their posts yet."))


def check_attachments(user: User | None, count: int) -> None:
    """The hook for attachments (uploads call it): new accounts may attach nothing."""
    if count and is_new(user):
        raise _refuse(_("New accounts cannot attach files yet."))


def check_post(user: User | None, body: str, *, new_thread: bool) -> str:
    """The state a new post of ``user`` starts in ("visible", or "pending" review), or a refusal."""
    if not is_new(user):
        return "visible"
    check_limits(user, body)
    if new_thread:
        most = current_app.config["TRUST_NEW_THREADS_PER_DAY"]
        since = utcnow() - timedelta(days=1)
        started = db.session.scalar(select(func.count()).select_from(Thread)
                                    .where(Thread.author_id == user.id, Thread.created_at >= since,
                                           Thread.private.is_(False)))
        if started >= most:
            raise _refuse(_("New accounts can start at most %(n)d threads a day.", n=most))
    return "pending" if count_links(body) else "visible"


def set_established(actor: User | None, username: str, established) -> User:
    """A moderator lifts a member's new-account limits at once (or puts them back); logged as "trust"."""
    from forum.moderation.services import record

    accounts.require_moderator(actor, _("Only moderators lift new-account limits."))
    if not isinstance(established, bool):
        raise Invalid(fields={"established": _("Say true or false.")})
    with write():
        target = accounts.get_user_or_404(username)
        if target.established != established:
            target.established = established
            record(actor, "trust", target, detail="established" if established else "limits back on")
    return target
