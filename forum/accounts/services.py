"""Rules of the accounts capability: every account change goes through here."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import available_timezones

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from blinker import Namespace
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.accounts.models import EMAIL_NOTIFICATIONS, ROLES, ApiToken, Login, Region, User
from forum.blocking import run_blocking
from forum.database import write
from forum.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn
from forum.extensions import db
from forum.models_base import utcnow

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
PASSWORD_MIN = 10
PASSWORD_MAX = 256
_signals = Namespace()
# Sent with ``user_id`` when every session of a user ends (sign out everywhere): live rooms drop their sockets.
sessions_ended = _signals.signal("sessions-ended")
_hashers: dict[tuple, tuple[PasswordHasher, str]] = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """The app's argon2id hasher and a hash it made, compared against on unknown usernames.

    A miss then costs as much as a wrong password. Parameters come from the settings
    (the library's recommendation unless set; the cheapest under testing).
    """
    config = current_app.config
    params = {key: config.get(f"ARGON2_{key.upper()}") for key in ("time_cost", "memory_cost", "parallelism")}
    key = tuple(params.values())
    if key not in _hashers:
        hasher = PasswordHasher(**{k: v for k, v in params.items() if v is not None})
        _hashers[key] = (hasher, hasher.hash("not-a-real-password"))
    return _hashers[key]


# -- passwords ---------------------------------------------------------------

def hash_password(password: str) -> str:
    return run_blocking(_hasher()[0].hash, password)


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(user: User | None, password: str) -> bool:
    """True when ``password`` is right; re-hashes when the parameters changed.

    argon2 takes tens of milliseconds of CPU: under gevent it runs in the threadpool
    (forum.blocking), so one sign-in does not stall every other client of the process.
    """
    hasher, dummy = _hasher()
    if user is None:
        run_blocking(_verify, hasher, dummy, password)
        return False
    if not run_blocking(_verify, hasher, user.password_hash, password):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        fresh_hash = hash_password(password)
        with write():
            fresh = db.session.get(User, user.id)
            fresh.password_hash = fresh_hash
    return True


# -- permissions ---------------------------------------------------------------

def require_reader(user: User | None) -> User:
    """A signed-in, unsuspended user, for what members read (a live room's history); else a clear refusal."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn()
    if user.suspended:
        raise NotAllowed(_("This account is suspended."))
    return user


def verification_required() -> bool:
    return bool(current_app.config.get("JEJARING_VERIFY_EMAIL"))


def may_write(user: User | None) -> bool:
    """Would ``require_member`` let ``user`` write? (pages use it to show a form or a reason)."""
    try:
        require_member(user)
    except (NotSignedIn, NotAllowed):
        return False
    return True


def require_member(user: User | None) -> User:
    """The signed-in, unsuspended user every write needs; else a clear refusal.

    This is the one place the write rule lives: board, mentoring, live (socket events
    too), notifications and moderation all call it. With ``JEJARING_VERIFY_EMAIL`` an
    account whose address is not confirmed yet reads but does not write (code ``unverified``).
    """
    user = require_reader(user)
    if not user.email_verified and verification_required():
        raise NotAllowed(_("Please confirm your email address first: follow the link we mailed you, or ask for a "
                           "new one on your settings page."), code="unverified")
    return user


def require_moderator(user: User | None, refusal: str | None = None) -> User:
    """A signed-in, unsuspended moderator (or admin); else a clear refusal, ``refusal`` if given."""
    user = require_member(user)
    if not user.is_moderator:
        raise NotAllowed(refusal or _("Only moderators can do that."))
    return user


def require_admin(user: User | None) -> User:
    """A signed-in, unsuspended admin; else a clear refusal."""
    user = require_member(user)
    if not user.is_admin:
        raise NotAllowed(_("Only admins can do that."))
    return user


# -- lookups -----------------------------------------------------------------

def regions() -> list[Region]:
    """Every province, regency and city (see ``forum.accounts.regions``)."""
    from forum.accounts import regions as register

    return register.regions()


def regions_with_members() -> list[Region]:
    """The regions some member lives in, with their provinces (the filters' choices)."""
    from forum.accounts import regions as register

    return register.with_members()


def regions_by_province() -> list[tuple[Region, list[Region]]]:
    """Each province with the regencies and cities in it, in the register's order."""
    from forum.accounts import regions as register

    return register.by_province()


def region_by_slug(slug: str) -> Region | None:
    return db.session.scalar(select(Region).where(Region.slug == slug))


def user_by_username(username: str) -> User | None:
    if not isinstance(username, str):
        return None
    return db.session.scalar(select(User).where(User.username_key == username.strip().lower()))


def get_user_or_404(username: str) -> User:
    user = user_by_username(username)
    if user is None:
        raise NotFound(_("No such user."))
    return user


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: ``id:session_version:login key``, so a signed-out browser's cookies stop working.

    One query: the user and the sign-in together. Ids without a login key (from before
    sign-ins were recorded) are refused: those browsers sign in again once.
    """
    try:
        raw_id, raw_version, key = user_id.split(":", 2)
        uid, version = int(raw_id), int(raw_version)
    except (ValueError, AttributeError):
        return None
    if not key or len(key) > 100:
        return None
    user = db.session.scalar(
        select(User).join(Login, Login.user_id == User.id).where(User.id == uid, Login.key_hash == _digest(key))
    )
    if user is None or user.session_version != version or user.suspended:
        return None
    user.login_key = key
    return user


def start_login(user: User) -> User:
    """Record a new sign-in of ``user`` (a browser); its key goes into the session's user id.

    Sign-ins older than the remember cookie are dropped here, so the table does not grow
    with browsers that never signed out.
    """
    key = secrets.token_urlsafe(24)
    cutoff = utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]
    with write():
        db.session.execute(db.delete(Login).where(Login.user_id == user.id, Login.created_at < cutoff))
        db.session.add(Login(user_id=user.id, key_hash=_digest(key)))
    user.login_key = key
    return user


def login_hash(user: User) -> str | None:
    """The stored name of the browser sign-in ``user`` was loaded with (``None`` for a token)."""
    key = getattr(user, "login_key", None)
    return _digest(key) if key else None


def login_alive(user_id: int, key_hash: str) -> bool:
    """Is this browser sign-in still valid (not signed out, not ended everywhere)?"""
    return db.session.scalar(select(Login.id).where(Login.user_id == user_id, Login.key_hash == key_hash)) is not None


def end_login(user: User) -> None:
    """Sign out: this browser's session and remember cookie stop working; other sign-ins and tokens stay."""
    if not user.login_key:
        return
    with write():
        db.session.execute(db.delete(Login).where(Login.user_id == user.id, Login.key_hash == _digest(user.login_key)))


# -- validation --------------------------------------------------------------

def _text(value, field: str, errors: dict, *, required: bool, max_len: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = _("Must be text.")
        return ""
    value = value.strip()
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > max_len:
        errors[field] = _("At most %(n)d characters.", n=max_len)
    return value


def _validate_profile(data: dict, errors: dict) -> dict:
    clean = {}
    clean["display_name"] = _text(data.get("display_name"), "display_name", errors, required=False, max_len=80)
    clean["institution"] = _text(data.get("institution"), "institution", errors, required=False, max_len=160)
    if "bio" in data:
        clean["bio"] = _text(data.get("bio"), "bio", errors, required=False, max_len=2000)
    region_slug = data.get("region")
    from forum.accounts.regions import home_region

    region = home_region(region_slug)  # a regency or city: nobody lives in a whole province
    if region is None:
        errors["region"] = _("Choose a region from the list.")
    clean["region"] = region
    if "timezone" in data:
        tz = data.get("timezone")
        if not isinstance(tz, str) or tz not in available_timezones():
            errors["timezone"] = _("Unknown time zone.")
        clean["timezone"] = tz
    if "locale" in data:
        locale = data.get("locale") or None
        if locale is not None and locale not in current_app.config["LANGUAGES"]:
            errors["locale"] = _("Unknown language.")
        clean["locale"] = locale
    if "email_notifications" in data:
        choice = data.get("email_notifications")
        if choice not in EMAIL_NOTIFICATIONS:
            errors["email_notifications"] = _("Choose one of: %(choices)s.", choices=", ".join(EMAIL_NOTIFICATIONS))
        clean["email_notifications"] = choice
    return clean


# -- actions -----------------------------------------------------------------

def password_problem(password) -> str | None:
    """What is wrong with a new password, or None."""
    if not isinstance(password, str) or not password:
        return _("This field is required.")
    if len(password) < PASSWORD_MIN:
        return _("At least %(n)d characters.", n=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _("At most %(n)d characters.", n=PASSWORD_MAX)
    return None


def normal_email(raw, field: str, errors: dict) -> str:
    """A valid address, normalised and lower-cased; a problem goes into ``errors[field]``."""
    email = _text(raw, field, errors, required=True, max_len=254)
    if email and field not in errors:
        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            errors[field] = _("That is not a valid email address.")
    return email


def register(data: dict, *, role: str = "member", verified: bool = False) -> User:
    """Create an account from untrusted input; every problem is reported at once.

    ``verified``: the address counts as confirmed (demo users, ``users create``). Otherwise,
    when verification is required, a link to confirm it is mailed.
    """
    errors: dict[str, str] = {}
    username = _text(data.get("username"), "username", errors, required=True, max_len=32)
    if username and "username" not in errors and not USERNAME_RE.match(username):
        errors["username"] = _("3 to 32 letters, digits, dots, dashes or underscores.")
    email = normal_email(data.get("email"), "email", errors)
    password = data.get("password")
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    profile = _validate_profile(data, errors)
    if role not in ROLES:
        errors["role"] = _("Unknown role.")
    if errors:
        raise Invalid(fields=errors)
    password_hash = hash_password(password)  # slow on purpose: not inside the write lock
    try:
        with write():
            taken = _taken(username, email)
            if taken:
                raise Conflict(_("That account already exists."), fields=taken)
            user = User(
                username=username,
                username_key=username.lower(),
                email=email,
                display_name=profile["display_name"] or username,
                password_hash=password_hash,
                role=role,
                region=profile["region"],
                institution=profile["institution"],
                timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
                email_verified_at=utcnow() if verified else None,
            )
            db.session.add(user)
            db.session.flush()
            if not verified and verification_required():
                from forum.accounts.safety import mail_verification_link

                mail_verification_link(user, user.email)
    except IntegrityError:
        # Another registration took the name or address between our check and our insert
        # (PostgreSQL runs them side by side): the same answer as when the check sees it.
        taken = _taken(username, email) or {"username": _("That username is taken.")}
        raise Conflict(_("That account already exists."), fields=taken) from None
    return user


def _taken(username: str, email: str) -> dict[str, str]:
    """The fields of a registration that an existing account already uses, with their messages."""
    taken = {}
    if db.session.scalar(select(User.id).where(User.username_key == username.lower())):
        taken["username"] = _("That username is taken.")
    if db.session.scalar(select(User.id).where(User.email == email)):
        taken["email"] = _("An account with that email already exists.")
    return taken


def authenticate(username, password) -> User:
    """The user with these credentials, or ``NotSignedIn`` (same answer either way)."""
    if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
        raise Invalid(fields={"username": _("Enter your username and password.")})
    user = user_by_username(username)
    if not check_password(user, password[:PASSWORD_MAX]):
        raise NotSignedIn(_("Wrong username or password."))
    if user.suspended:
        raise NotAllowed(_("This account is suspended."))
    return user


def update_profile(actor: User, user: User, data: dict) -> User:
    """Change a profile: its owner, or an admin. A field left out keeps its value (a PATCH)."""
    if actor.id != user.id and not actor.is_admin:
        raise NotAllowed()
    errors: dict[str, str] = {}
    current = {"region": user.region.slug, "display_name": user.display_name, "institution": user.institution}
    profile = _validate_profile({**current, **data}, errors)
    if errors:
        raise Invalid(fields=errors)
    with write():
        target = db.session.get(User, user.id)
        target.display_name = profile["display_name"] or target.username
        target.institution = profile["institution"]
        target.region = profile["region"]
        for key in ("bio", "timezone", "locale", "email_notifications"):
            if key in profile:
                setattr(target, key, profile[key])
    return target


def set_email_notifications(user: User, choice: str) -> User:
    """Change how ``user`` hears about notifications by mail (the unsubscribe link: ``off``)."""
    if choice not in EMAIL_NOTIFICATIONS:
        raise Invalid(fields={"email_notifications": _("Choose one of: %(choices)s.",
                                                       choices=", ".join(EMAIL_NOTIFICATIONS))})
    with write():
        target = db.session.get(User, user.id)
        target.email_notifications = choice
    return target


def set_role(actor: User | None, username: str, role: str) -> User:
    """Give a user a role; ``actor`` None means the command line (trusted)."""
    if actor is not None and not actor.is_admin:
        raise NotAllowed()
    if role not in ROLES:
        raise Invalid(fields={"role": _("Unknown role.")})
    with write():
        user = get_user_or_404(username)
        user.role = role
    return user


def sign_out_everywhere(user: User) -> None:
    """End every session, token and socket of this user."""
    with write():
        _end_sessions(db.session.get(User, user.id))
    sessions_ended.send(user, user_id=user.id)


def _end_sessions(user: User) -> None:
    user.session_version += 1
    db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.execute(db.delete(Login).where(Login.user_id == user.id))


def set_suspended(user: User, suspended: bool) -> None:
    """Suspend or reinstate inside the caller's write (moderation checks who may).

    Suspending also ends every session and token; the caller sends
    ``sessions_ended`` once its transaction is committed, which closes the
    account's live connections.
    """
    user.suspended = suspended
    if suspended:
        _end_sessions(user)


# -- API tokens ----------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, datetime]:
    """A new bearer token for ``user``; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(days=current_app.config["API_TOKEN_DAYS"])
    with write():
        db.session.add(
            ApiToken(user_id=user.id, token_hash=_digest(token), session_version=user.session_version, expires_at=expires)
        )
    return token, expires


def user_for_token(token: str) -> User | None:
    """The user a bearer token belongs to, if it is current."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.expires_at <= utcnow():
        return None
    user = row.user
    if user.suspended or user.session_version != row.session_version:
        return None
    return user


def revoke_token(token: str) -> None:
    with write():
        db.session.execute(db.delete(ApiToken).where(ApiToken.token_hash == _digest(token)))
