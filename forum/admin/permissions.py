"""Who may administer: signed-in, unsuspended admins. Pages answer others 403, the API 401 or 403.

The rule itself is the accounts capability's (``require_admin``), shared with the skills' routes.
"""

from __future__ import annotations

from forum.accounts.models import User
from forum.accounts.services import require_admin

__all__ = ["is_admin", "require_admin"]


def is_admin(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and not user.suspended and user.is_admin
