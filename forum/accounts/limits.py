"""Rate limits on password guesses, shared by the sign-in page and ``POST /api/v1/tokens``.

Three limits apply to a sign-in (numbers in the README's configuration):

- per client address, any account: on the route itself (``20 per minute``);
- per (account, address): ``SIGN_IN_LIMIT_ACCOUNT_ADDRESS`` wrong passwords;
- per account, any address: ``SIGN_IN_LIMIT_ACCOUNT`` wrong passwords, higher
  and with a short window, against guessing from many addresses.

Only wrong passwords (answers 401) count toward the account limits. A guesser
elsewhere fills the per-(account, address) limit of *their* address only; the
per-account one keeps the owner out for one short window at most, and not at
all from a browser the owner has signed in from before (it carries a signed
"known browser" cookie for that account).
"""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer

from forum.extensions import limiter

KNOWN_COOKIE = "known_browser"
KNOWN_DAYS = 365


def attempted_account() -> str:
    """The username this sign-in tries, lower-cased ("" when there is none)."""
    raw = None
    if request.form:
        raw = request.form.get("username")
    elif request.is_json:
        data = request.get_json(silent=True)
        raw = data.get("username") if isinstance(data, dict) else None
    return raw.strip().lower()[:64] if isinstance(raw, str) else ""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-browser")


def remember_browser(response, username_key: str):
    """Mark this browser as one its owner signed in from (after a right password)."""
    response.set_cookie(
        KNOWN_COOKIE, _serializer().dumps(username_key), max_age=KNOWN_DAYS * 86400, httponly=True,
        samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def _known_browser() -> bool:
    raw = request.cookies.get(KNOWN_COOKIE)
    if not raw:
        return False
    try:
        return _serializer().loads(raw) == attempted_account()
    except BadSignature:
        return False


def _wrong_password(response) -> bool:
    return response.status_code == 401


per_account_address = limiter.shared_limit(
    lambda: current_app.config["SIGN_IN_LIMIT_ACCOUNT_ADDRESS"], "sign-in:account-address",
    key_func=lambda: f"{attempted_account()}|{get_remote_address()}", methods=["POST"],
    deduct_when=_wrong_password, override_defaults=False,
)
per_account = limiter.shared_limit(
    lambda: current_app.config["SIGN_IN_LIMIT_ACCOUNT"], "sign-in:account",
    key_func=attempted_account, methods=["POST"], deduct_when=_wrong_password,
    exempt_when=_known_browser, override_defaults=False,
)


def sign_in_limits(view):
    """Both account limits on a sign-in route."""
    return per_account_address(per_account(view))


def _reset_address() -> str:
    """The address a password reset asks for, lower-cased ("" when there is none)."""
    raw = request.form.get("email") if request.form else None
    if raw is None and request.is_json:
        data = request.get_json(silent=True)
        raw = data.get("email") if isinstance(data, dict) else None
    return "reset:" + (raw.strip().lower()[:254] if isinstance(raw, str) else "")


# Reset links to one address, from anywhere: nobody can flood a member's inbox.
per_reset_address = limiter.shared_limit(
    lambda: current_app.config["PASSWORD_RESET_LIMIT"], "password-reset:address", key_func=_reset_address,
    methods=["POST"], override_defaults=False,
)
