"""Account safety: confirming an address, resetting a forgotten password, changing password and address.

Mails are not written here: accounts sends signals (forum/accounts/signals.py) after the
commit and forum/mail writes and queues the mails. Links are signed tokens
(forum/accounts/tokens.py).
"""

from __future__ import annotations

import hmac

from flask_babel import gettext as _
from sqlalchemy import select

from forum.accounts import signals, tokens
from forum.accounts.models import User
from forum.accounts.services import (
    _end_sessions,
    check_password,
    hash_password,
    normal_email,
    password_problem,
    require_reader,
    sessions_ended,
)
from forum.database import after_commit, write
from forum.errors import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.models_base import utcnow


def _send_after_commit(signal, **data) -> None:
    after_commit(lambda: signal.send(None, **data))


def _live(user_id: int) -> User | None:
    """The account ``user_id`` names, unless it was deleted."""
    user = db.session.get(User, user_id)
    return None if user is None or user.is_deleted else user


# -- confirming an address -------------------------------------------------------

def mail_verification_link(user: User, address: str, *, old_address: str | None = None) -> None:
    """Inside the caller's write: once it commits, ``address`` gets a link confirming it for ``user``."""
    _send_after_commit(signals.verification_requested, user_id=user.id, address=address,
                       token=tokens.verification_token(user.id, address),
                       change=old_address is not None, old_address=old_address)


def resend_verification(user: User | None) -> str:
    """A new link to the address waiting for confirmation (the pending new one first); that address."""
    user = require_reader(user)
    with write():
        target = db.session.get(User, user.id)
        if target.pending_email:
            mail_verification_link(target, target.pending_email, old_address=target.email)
            return target.pending_email
        if target.email_verified:
            raise Conflict(_("Your email address is already confirmed."), code="already_verified")
        mail_verification_link(target, target.email)
        return target.email


def verify_email(token: str) -> User:
    """Follow a confirmation link: the address is confirmed (a pending new address replaces the old one)."""
    try:
        read = tokens.read_verification_token(token)
    except tokens.Expired:
        raise Invalid(_("This confirmation link has expired. Sign in and ask for a new one on your settings "
                        "page."), code="link_expired") from None
    used = _("This confirmation link is not valid, or was already used. Sign in and ask for a new one on your "
             "settings page if your address is still unconfirmed.")
    if read is None:
        raise Invalid(used, code="link_invalid")
    user_id, address = read
    with write():
        user = _live(user_id)
        if user is None:
            raise Invalid(used, code="link_invalid")
        if user.pending_email == address:
            if db.session.scalar(select(User.id).where(User.email == address, User.id != user.id)):
                raise Conflict(_("Another account uses that address now."), code="email_taken")
            user.email = address
            user.pending_email = None
            user.email_verified_at = utcnow()
        elif user.email == address and not user.email_verified:
            user.email_verified_at = utcnow()
        else:
            raise Invalid(used, code="link_invalid")
    return user


# -- a forgotten password ------------------------------------------------------------

def request_password_reset(email) -> None:
    """Mail a reset link to the account with this address, if there is one; the same (silent) answer either way.

    The caller answers 202 at once whatever happens here: the look-up and the mail run in
    a job (forum/accounts/jobs.py), so neither the answer nor its time tells whether the
    address has an account.
    """
    errors: dict[str, str] = {}
    address = normal_email(email, "email", errors)
    if errors:
        raise Invalid(fields=errors)
    from forum.accounts.jobs import send_password_reset

    send_password_reset(address)


def mail_password_reset(address: str) -> bool:
    """The job's part: a reset link to ``address`` if an account has it (True then)."""
    user = db.session.scalar(select(User).where(User.email == address.lower(), User.deleted_at.is_(None)))
    if user is None or user.suspended:
        return False
    signals.password_reset_requested.send(
        None, user_id=user.id, token=tokens.reset_token(user.id, user.password_hash, user.session_version))
    return True


def _reset_target(token: str) -> User:
    try:
        read = tokens.read_reset_token(token)
    except tokens.Expired:
        raise Invalid(_("This reset link has expired (links work for an hour). Ask for a new one."),
                      code="link_expired") from None
    used = _("This reset link is not valid, or was already used. Ask for a new one if you still need it.")
    if read is None:
        raise Invalid(used, code="link_invalid")
    user = _live(read[0])
    if user is None or not hmac.compare_digest(
            tokens.password_fingerprint(user.password_hash, user.session_version), read[1]):
        raise Invalid(used, code="link_used")
    return user


def check_reset_link(token: str) -> User:
    """The account a reset link is for, while the link still works (the reset page asks it first)."""
    return _reset_target(token)


def reset_password(token: str, password) -> User:
    """Set a new password with a reset link: once; every session, token and socket of the account ends."""
    user = _reset_target(token)
    problem = password_problem(password)
    if problem:
        raise Invalid(fields={"password": problem})
    password_hash = hash_password(password)
    with write():
        target = _reset_target(token)  # again, inside the write: two uses at once, one wins
        if target.id != user.id:
            raise Invalid(code="link_used")
        target.password_hash = password_hash
        if not target.email_verified and target.pending_email is None:
            target.email_verified_at = utcnow()  # the link reached this address: it is the member's
        _end_sessions(target)
        _send_after_commit(signals.password_changed, user_id=target.id)
    sessions_ended.send(target, user_id=target.id)
    return target


# -- the settings --------------------------------------------------------------------

def _confirm_password(user: User, password, field: str = "current_password") -> None:
    if not isinstance(password, str) or not password or not check_password(user, password[:256]):
        raise Invalid(fields={field: _("That is not your current password.")})


def change_password(user: User | None, current, new) -> User:
    """A new password, the current one asked; other sessions and tokens end (this browser signs in again)."""
    user = require_reader(user)
    problem = password_problem(new)
    _confirm_password(user, current)
    if problem:
        raise Invalid(fields={"password": problem})
    password_hash = hash_password(new)
    with write():
        target = db.session.get(User, user.id)
        target.password_hash = password_hash
        _end_sessions(target)
        _send_after_commit(signals.password_changed, user_id=target.id)
    sessions_ended.send(target, user_id=target.id)
    return target


def change_email(user: User | None, password, new_email) -> User:
    """Ask for a new address, the password asked: it takes effect when the link mailed to it is followed.

    The old address is told at once (a stolen session cannot quietly move the account away).
    """
    user = require_reader(user)
    errors: dict[str, str] = {}
    address = normal_email(new_email, "email", errors)
    if errors:
        raise Invalid(fields=errors)
    _confirm_password(user, password, "password")
    with write():
        target = db.session.get(User, user.id)
        if address == target.email:
            raise Invalid(fields={"email": _("That is already your address.")})
        if db.session.scalar(select(User.id).where(User.email == address)):
            raise Conflict(_("That account already exists."),
                           fields={"email": _("An account with that email already exists.")})
        target.pending_email = address
        mail_verification_link(target, address, old_address=target.email)
    return target


def cancel_email_change(user: User | None) -> User:
    """Forget a new address that was not confirmed yet."""
    user = require_reader(user)
    with write():
        target = db.session.get(User, user.id)
        if target.pending_email is None:
            raise NotAllowed(_("No address change is waiting."))
        target.pending_email = None
    return target
