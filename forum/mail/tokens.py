"""Signed tokens in mails: the reply-by-email address of a member and thread, and the unsubscribe link.

A reply token goes into the local part of an address (``reply+TOKEN@...``), so it is
short (about 40 characters, well under the 64 a local part may have) and made only of
lower-case letters, digits and dashes: mail systems that lower-case addresses or treat
dots specially leave it intact. It is ``user-thread-time-signature``, the numbers in
base 36 and the signature the first 80 bits of an HMAC-SHA256 over them (base 32),
keyed by the app's secret key with the salt ``reply-by-email``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

REPLY_SALT = "reply-by-email"
UNSUBSCRIBE_SALT = "unsubscribe"
UNSUBSCRIBE_MAX_AGE_DAYS = 365  # a link in an old mail still works for a year
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_SIGNATURE_CHARS = 16  # 80 bits
_CLOCK_SKEW = 300  # seconds a token may claim to come from the future (another process's clock)


def _base36(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
        if not number:
            return out


def _signature(payload: str) -> str:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), REPLY_SALT.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:_SIGNATURE_CHARS]


def reply_token(user_id: int, thread_id: int, *, now: float | None = None) -> str:
    """A token naming ``user_id`` and ``thread_id``, signed, with the time it was made."""
    issued = int(time.time() if now is None else now)
    payload = f"{_base36(user_id)}-{_base36(thread_id)}-{_base36(issued)}"
    return f"{payload}-{_signature(payload)}"


def reply_address(user_id: int, thread_id: int) -> str | None:
    """The Reply-To address for ``user_id`` answering in ``thread_id``; None when reply by email is off."""
    template = current_app.config.get("REPLY_BY_EMAIL_ADDRESS") or ""
    if not template:
        return None
    return template.replace("%{token}", reply_token(user_id, thread_id))


def read_reply_token(token: str, max_age_days: int = 30, *, now: float | None = None) -> tuple[int, int] | None:
    """``(user_id, thread_id)`` of a genuine token younger than ``max_age_days``; None for anything else."""
    if not isinstance(token, str) or len(token) > 64:
        return None
    parts = token.strip().lower().split("-")
    if len(parts) != 4 or not all(parts) or any(c not in _DIGITS for c in "".join(parts[:3])):
        return None
    payload = "-".join(parts[:3])
    if not hmac.compare_digest(_signature(payload), parts[3]):
        return None
    user_id, thread_id, issued = (int(part, 36) for part in parts[:3])
    age = (time.time() if now is None else now) - issued
    if age > max_age_days * 86400 or age < -_CLOCK_SKEW or not user_id or not thread_id:
        return None
    return user_id, thread_id


def _unsubscribe_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int) -> str:
    """The token of a member's one-click unsubscribe link (works signed out)."""
    return _unsubscribe_serializer().dumps(user_id)


def read_unsubscribe_token(token: str, *, max_age_days: int = UNSUBSCRIBE_MAX_AGE_DAYS) -> int | None:
    """The member a genuine, unexpired unsubscribe token names; None when forged or expired."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    try:
        user_id = _unsubscribe_serializer().loads(token, max_age=max_age_days * 86400)
    except BadSignature:  # SignatureExpired is one too
        return None
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) and user_id > 0 else None
