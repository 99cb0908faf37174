"""Who is asking: the one place pages, API routes and socket events get the current user from.

``viewer()`` is the signed-in user or None (reading: guests may read);
``signed_in()`` is the signed-in user or a ``NotSignedIn`` refusal (writing).
Flask-Login's proxy is unwrapped so services get a real ``User``.
"""

from __future__ import annotations

from flask_login import current_user

from forum.accounts.models import User
from forum.errors import NotSignedIn

__all__ = ["signed_in", "viewer"]


def viewer() -> User | None:
    """The signed-in user, or None for a guest."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def signed_in() -> User:
    """The signed-in user; a guest gets ``NotSignedIn`` (401 on the API, the sign-in page on pages)."""
    user = viewer()
    if user is None:
        raise NotSignedIn()
    return user
