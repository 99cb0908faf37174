"""Who may administer: signed-in, unsuspended admins. Pages answer others 403, the API 401 or 403."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.accounts.models import User
from forum.accounts.services import require_member
from forum.errors import NotAllowed


def is_admin(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and not user.suspended and user.is_admin


def require_admin(user: User | None) -> User:
    """The signed-in, unsuspended admin every administration action needs; else a clear refusal."""
    user = require_member(user)
    if not user.is_admin:
        raise NotAllowed(_("Only admins can do that."))
    return user
