"""Rules for administering accounts: the list (search and filters), role changes and suspensions.

The list is the directory's search seen by an admin (``forum.members.services``); suspending
is moderation's (``forum.moderation.services.suspend``); a role change is accounts'
(``set_role``, as ``flask users set-role`` does) plus the rule that the site keeps an admin,
and an entry in the moderation log.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from forum.accounts import services as accounts
from forum.accounts.models import ROLES, User
from forum.accounts.services import require_admin
from forum.database import write
from forum.errors import Conflict, Invalid
from forum.extensions import db
from forum.members import services as members
from forum.moderation import services as moderation
from forum.paging import Page

REASON_MAX = moderation.REASON_MAX


def listing(actor: User | None, filters: members.Filters, page: int = 1) -> Page:
    """A page of every account matching ``filters`` (admins)."""
    return members.search(require_admin(actor), filters, page)


def change_role(actor: User | None, username: str, role, reason=None) -> User:
    """Give an account a role (admins), logged in the moderation log; the last admin stays an admin."""
    actor = require_admin(actor)
    if role not in ROLES:
        raise Invalid(fields={"role": _("Choose one of: %(choices)s.", choices=", ".join(ROLES))})
    reason = reason.strip() if isinstance(reason, str) else ""
    if len(reason) > REASON_MAX:
        raise Invalid(fields={"reason": _("At most %(max)d characters.", max=REASON_MAX)})
    with write():
        target = accounts.get_user_or_404(username)
        old = target.role
        if old == role:
            return target
        if old == "admin":
            # Locked (PostgreSQL; SQLite's write lock already serialises): two admins stepping down at
            # once must not both see the other one stay.
            admins = list(db.session.scalars(select(User.id).where(User.role == "admin", User.suspended.is_(False))
                                             .with_for_update()))
            if len(admins) <= 1 and not target.suspended:
                raise Conflict(_("%(name)s is the last admin: make someone else an admin first.",
                                 name=target.display_name))
        accounts.set_role(actor, target.username, role)
        moderation.record(actor, "role", target, reason, detail=f"{old} → {role}")
    return target


def suspend(actor: User | None, username: str, reason) -> User:
    """Suspend an account from the admins' list (moderation's rule and log)."""
    return moderation.suspend(require_admin(actor), username, reason)


def reinstate(actor: User | None, username: str, reason) -> User:
    """Lift a suspension from the admins' list (moderation's rule and log)."""
    return moderation.reinstate(require_admin(actor), username, reason)
