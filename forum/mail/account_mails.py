"""The mails accounts asks for (forum/accounts/signals.py): confirming an address, resetting a password.

Each is written in the member's language, plain text and HTML, like every other mail,
and has no unsubscribe link: no setting turns off mail about the account itself.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _

from forum.accounts import signals
from forum.accounts.models import User
from forum.extensions import db
from forum.mail.compose import draft, site_url
from forum.mail.delivery import queue


def _key(kind: str, user_id: int, token: str) -> str:
    return f"{kind}:{user_id}:{hashlib.sha256(token.encode()).hexdigest()[:16]}"


def _verification(sender, user_id: int, address: str, token: str, change: bool = False,
                  old_address: str | None = None, **_data) -> None:
    user = db.session.get(User, user_id)
    if user is None:
        return
    link = site_url("accounts.verify", token=token)
    drafts = [draft(_key("verify", user_id, token), user, "verify_email",
                    lambda: _("Confirm your email address for Jejaring"), to=address, unsubscribe=False,
                    link=link, address=address, change=change)]
    if change and old_address:
        drafts.append(draft(_key("email-change", user_id, token), user, "email_change_notice",
                            lambda: _("Your Jejaring account is moving to another address"), to=old_address,
                            unsubscribe=False, new_address=address))
    queue(drafts)


def _password_reset(sender, user_id: int, token: str, **_data) -> None:
    user = db.session.get(User, user_id)
    if user is None:
        return
    queue([draft(_key("reset", user_id, token), user, "password_reset",
                 lambda: _("Reset your Jejaring password"), unsubscribe=False,
                 link=site_url("accounts.reset_password", token=token))])


def _password_changed(sender, user_id: int, **_data) -> None:
    user = db.session.get(User, user_id)
    if user is None:
        return
    queue([draft(_key("password-changed", user_id, str(user.session_version)), user, "password_changed",
                 lambda: _("Your Jejaring password was changed"), unsubscribe=False,
                 reset_url=site_url("accounts.forgot_password"))])


def connect() -> None:
    """Subscribe to accounts' mail signals (blinker keeps one subscription per receiver)."""
    signals.verification_requested.connect(_verification)
    signals.password_reset_requested.connect(_password_reset)
    signals.password_changed.connect(_password_changed)
