"""Personal data (UU 27/2022, GDPR): a member's export, and deleting an account.

Accounts holds the account itself; every other capability holds its own part and
contributes it through ``signals.export_requested`` and ``signals.account_deleting``
(see forum/accounts/signals.py). This module also answers those signals for the
account's own tables (tokens, sign-ins).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum.accounts import signals
from forum.accounts.models import ApiToken, Login, User
from forum.accounts.services import _end_sessions, check_password, require_reader, sessions_ended
from forum.database import write
from forum.errors import Invalid
from forum.extensions import db
from forum.models_base import utcnow

EXPORT_FORMAT = 1


def former_member_name() -> str:
    """The name a deleted account goes by, in the site's language (the same for every reader)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("former member")


def export(user: User | None) -> dict:
    """Everything the site holds about ``user``, as JSON-ready data: the account, then each capability's part."""
    user = require_reader(user)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": utcnow().isoformat(),
        "account": {**user.to_private(), "bio": user.bio,
                    "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
                    "suspended": user.suspended, "post_count": user.post_count},
    }
    for _receiver, part in signals.export_requested.send(user):
        data.update(part or {})
    return data


def _own_tables(sender: User, **_data) -> dict:
    """Accounts' own part of an export: API tokens and browser sign-ins (when, never their secrets)."""
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == sender.id).order_by(ApiToken.id))
    logins = db.session.scalars(select(Login).where(Login.user_id == sender.id).order_by(Login.id))
    return {"api_tokens": [{"created_at": t.created_at.isoformat(), "expires_at": t.expires_at.isoformat()}
                           for t in tokens],
            "sign_ins": [{"created_at": login.created_at.isoformat()} for login in logins]}


signals.export_requested.connect(_own_tables)


def delete_account(user: User | None, password, *, remove_posts: bool = False) -> None:
    """Delete the account, its password asked: personal data erased, sign-in refused from now on.

    The row stays, renamed "former member", so threads and a private mentorship keep
    making sense for the others; with ``remove_posts`` the member's posts lose their text
    too. Every capability erases its own part in the same transaction.
    """
    user = require_reader(user)
    if not isinstance(password, str) or not password or not check_password(user, password[:256]):
        raise Invalid(fields={"password": _("That is not your current password.")})
    name = former_member_name()
    with write():
        target = db.session.get(User, user.id)
        signals.account_deleting.send(target, remove_posts=bool(remove_posts))
        _end_sessions(target)
        key = f"former~{target.id}"  # "~" is never in a chosen username: no clash
        target.username = key
        target.username_key = key
        target.email = f"{key}@deleted.invalid"  # RFC 2606: never delivered
        target.pending_email = None
        target.display_name = name
        target.institution = ""
        target.bio = ""
        target.locale = None
        target.timezone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
        target.password_hash = "!"  # noqa: S105 - not an argon2 hash: no password ever matches it
        target.email_notifications = "off"
        target.notified_by_mail_at = None
        target.deleted_at = utcnow()
    sessions_ended.send(target, user_id=target.id)
