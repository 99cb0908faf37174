"""The signed links accounts mails: confirming an address, resetting a password.

Both are itsdangerous timed tokens keyed by the app's secret key (as the unsubscribe
link of forum/mail/tokens.py), each with its own salt, so one kind never passes for the
other. Neither needs a table:

- a verification token names the account and the address it confirms; it works while
  that address is still the account's unconfirmed one (or its pending new one);
- a reset token names the account and a fingerprint of its current password hash and
  session version; using it changes both, so a second use fails (single use), and so
  does any earlier link once a newer one was used or the password changed otherwise.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VERIFY_SALT = "verify-email"
RESET_SALT = "password-reset"
VERIFY_MAX_AGE = 7 * 86400  # a week to follow the link of the registration mail
RESET_MAX_AGE = 3600  # a reset link works for an hour


class Expired(Exception):
    """The token is genuine but too old."""


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _read(token: str, salt: str, max_age: int) -> list | None:
    """The payload of a genuine token; None when forged or malformed; ``Expired`` when too old."""
    if not isinstance(token, str) or not token or len(token) > 300:
        return None
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        raise Expired() from None
    except BadSignature:
        return None
    return payload if isinstance(payload, list) and len(payload) == 2 else None


def verification_token(user_id: int, address: str) -> str:
    return _serializer(VERIFY_SALT).dumps([user_id, address])


def read_verification_token(token: str) -> tuple[int, str] | None:
    payload = _read(token, VERIFY_SALT, VERIFY_MAX_AGE)
    if payload is None or not isinstance(payload[0], int) or not isinstance(payload[1], str):
        return None
    return payload[0], payload[1]


def password_fingerprint(password_hash: str, session_version: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{password_hash}|{session_version}".encode(), hashlib.sha256).hexdigest()[:24]


def reset_token(user_id: int, password_hash: str, session_version: int) -> str:
    return _serializer(RESET_SALT).dumps([user_id, password_fingerprint(password_hash, session_version)])


def read_reset_token(token: str) -> tuple[int, str] | None:
    payload = _read(token, RESET_SALT, RESET_MAX_AGE)
    if payload is None or not isinstance(payload[0], int) or not isinstance(payload[1], str):
        return None
    return payload[0], payload[1]
