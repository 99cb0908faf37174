"""Reply by email: one incoming message becomes a post by that member, or is refused with one short mail.

A notification mail's Reply-To carries a signed token for one member and one thread
(``forum.mail.reply_address``). What arrives at that address (``flask --app wsgi mail
receive`` from a mail server's pipe, or ``POST /api/v1/incoming-email`` from a mail
receiver) goes through :func:`receive`:

- the token is found in To, Delivered-To, X-Original-To or Cc and verified (forged:
  ``bad_token``, older than 30 days: ``expired_token``);
- the From address must be that member's own (else ``unknown_sender``);
- the plain-text part is read (HTML-only mails are refused, ``html_only``: turning a
  mail client's HTML back into the member's words, with its quotes told apart, is
  guesswork, and every mail client can send plain text);
- the quoted mail and the signature are cut (``forum.notifications.reply_text``); nothing
  left is ``empty``; too big a message or text is ``too_large``;
- ``forum.board.services.reply`` posts it, so every rule of a reply applies (suspended,
  locked, not allowed); a per-member limit (``REPLY_BY_EMAIL_LIMIT``) stops floods.

Every message is recorded once by its Message-ID (``incoming_emails``): a message seen
before is never posted again (``replayed``). A refused message gets one short mail back
(``forum.notifications.bounce``), except mails that are themselves automatic.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses

from flask import current_app
from flask_babel import gettext as _
from limits import parse as parse_limit
from sqlalchemy import ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from forum.accounts.models import User
from forum.accounts.services import require_member
from forum.board import services as board
from forum.board.models import Thread
from forum.database import insert_or_ignore, write
from forum.errors import Invalid, NotAllowed, NotFound, NotSignedIn
from forum.extensions import db, limiter
from forum.mail import read_reply_token
from forum.models_base import UTCDateTime, utcnow
from forum.notifications.reply_text import reply_text

__all__ = ["REASONS", "IncomingEmail", "Outcome", "UnreadableMessage", "receive", "receive_from_receiver"]

REASONS = ("unknown_sender", "bad_token", "expired_token", "replayed", "locked", "suspended", "not_allowed",
           "too_large", "html_only", "empty", "unreadable")
RECIPIENT_HEADERS = ("To", "Delivered-To", "X-Original-To", "Cc")
HEAD_BYTES = 64 * 1024  # what is read of a message that is too large: its headers, for the answer
EVER = 100 * 365  # days: a genuine token of any age, to tell "expired" from "forged"


class IncomingEmail(db.Model):
    """One processed message: posted (``result`` "posted", ``post_id``) or refused (``result`` a reason)."""

    __tablename__ = "incoming_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    result: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnreadableMessage(Invalid):
    """Not a mail at all (no headers, no sender to answer): the caller's mail server should bounce it."""

    code = "unreadable"


@dataclass
class Outcome:
    accepted: bool
    post_id: int | None = None
    reason: str | None = None
    bounced: bool = False

    def to_dict(self) -> dict:
        answer: dict = {"accepted": self.accepted}
        if self.post_id is not None:
            answer["post_id"] = self.post_id
        if self.reason is not None:
            answer["reason"] = self.reason
        return answer


@dataclass
class Mail:
    """What the answer needs to know of a message, whatever becomes of it."""

    message_id: str
    sender: str
    subject: str
    reference: str  # its Message-ID header as given, for In-Reply-To
    automatic: bool
    member: User | None  # the member whose address sent it, if any


def receive(raw: bytes) -> Outcome:
    """Post one RFC 5322 message as a reply, or refuse it (recorded, answered once); see the module doc.

    Raises ``UnreadableMessage`` when ``raw`` is not a mail with a sender at all.
    """
    if not isinstance(raw, bytes | bytearray) or not raw.strip():
        raise UnreadableMessage("The message is empty.")
    too_large = len(raw) > current_app.config["INCOMING_MAIL_MAX_BYTES"]
    message = _parse(bytes(raw[:HEAD_BYTES]) if too_large else bytes(raw), headers_only=too_large)
    mail = _describe(message, raw)
    if too_large:
        return _refuse(mail, "too_large")
    if db.session.scalar(select(IncomingEmail.id).where(IncomingEmail.message_id == mail.message_id)):
        return _refuse(mail, "replayed")
    if mail.automatic:  # an out-of-office answer or a bounce is nobody's reply
        return _refuse(mail, "not_allowed")
    token = _token(message)
    ids = read_reply_token(token) if token else None
    if ids is None:
        return _refuse(mail, "expired_token" if token and read_reply_token(token, max_age_days=EVER) else "bad_token")
    user_id, thread_id = ids
    if mail.member is None or mail.member.id != user_id:
        return _refuse(mail, "unknown_sender")
    if db.session.get(Thread, thread_id) is None:  # gone since the mail was sent
        return _refuse(mail, "not_allowed")
    try:
        text = _plain_text(message)
    except (LookupError, UnicodeError, ValueError):  # an unknown or lying charset
        return _refuse(mail, "unreadable", thread_id)
    if text is None:
        return _refuse(mail, "html_only", thread_id)
    limit = current_app.config["BODY_MAX"]
    if len(text) > 20 * limit:  # a longer quote than any reply needs, and more than the quote cutter should scan
        return _refuse(mail, "too_large", thread_id)
    body = reply_text(text)
    if not body:
        return _refuse(mail, "empty", thread_id)
    if len(body) > limit:
        return _refuse(mail, "too_large", thread_id)
    return _post(mail, mail.member, thread_id, body)


def receive_from_receiver(actor: User | None, raw: bytes) -> Outcome:
    """``receive`` for a mail receiver signed in as an admin (the API); an unreadable message is refused too."""
    require_member(actor)
    if not actor.is_admin:
        raise NotAllowed(_("Only admins can hand over incoming mail."))
    try:
        return receive(raw)
    except UnreadableMessage:
        return Outcome(False, reason="unreadable")


# -- reading the message ---------------------------------------------------------------

def _parse(raw: bytes, *, headers_only: bool):
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=headers_only)
    except Exception as exc:  # the parser is lenient; anything it still raises means: not a mail
        raise UnreadableMessage("The message cannot be parsed.") from exc
    if not message.keys():
        raise UnreadableMessage("The message has no headers.")
    return message


def _header(message, name: str) -> str:
    """A header as text, "" when missing or broken beyond reading."""
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _addresses(message, name: str) -> list[str]:
    values = []
    for value in message.get_all(name, []) or []:
        try:
            values.append(str(value))
        except (ValueError, IndexError, TypeError):
            continue
    return [address.strip().lower() for _name, address in getaddresses(values) if "@" in address]


def _describe(message, raw: bytes) -> Mail:
    senders = _addresses(message, "From")
    if not senders or len(senders[0]) > 254:
        raise UnreadableMessage("The message has no sender address to answer.")
    sender = senders[0]
    reference = _header(message, "Message-ID")
    given = reference.strip("<> ")
    if not given or len(given) > 255:
        given = "sha256:" + hashlib.sha256(given.encode() if given else bytes(raw)).hexdigest()
    member = db.session.scalar(select(User).where(User.email == sender))  # stored lower-cased
    return Mail(given, sender, _header(message, "Subject")[:200], reference[:998], _automatic(message, sender),
                member)


def _automatic(message, sender: str) -> bool:
    """RFC 3834: auto-replies, bounces and list traffic, which must never be answered (no mail loops)."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return True
    if message.get("Return-Path") is not None and _header(message, "Return-Path").strip("<> ") == "":
        return True
    if _header(message, "Precedence").lower() in ("bulk", "junk", "list", "auto_reply"):
        return True
    if any(message.get(name) is not None for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response")):
        return True
    local = sender.split("@", 1)[0]
    return local.startswith(("mailer-daemon", "postmaster", "noreply", "no-reply"))


def _token_pattern() -> re.Pattern | None:
    template = current_app.config.get("REPLY_BY_EMAIL_ADDRESS") or ""
    if "%{token}" not in template:
        return None
    before, after = template.lower().split("%{token}", 1)
    return re.compile(re.escape(before) + r"([a-z0-9-]{1,64})" + re.escape(after))


def _token(message) -> str | None:
    """The token of the first recipient that is a reply address, or None."""
    pattern = _token_pattern()
    if pattern is None:
        return None
    for name in RECIPIENT_HEADERS:
        for address in _addresses(message, name):
            match = pattern.fullmatch(address)
            if match:
                return match.group(1)
    return None


def _plain_text(message) -> str | None:
    """The plain-text body ("" when the mail has none and no HTML either); None for an HTML-only mail."""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return part.get_content()
    return None if message.get_body(preferencelist=("html",)) is not None else ""


# -- posting and refusing ------------------------------------------------------------

class _Seen(Exception):
    """Another delivery of this message was recorded first."""


def _post(mail: Mail, user: User, thread_id: int, body: str) -> Outcome:
    if _over_limit(user):
        return _refuse(mail, "not_allowed", thread_id)
    try:
        with write():
            row = db.session.scalar(
                insert_or_ignore(IncomingEmail)
                .values(message_id=mail.message_id, user_id=user.id, thread_id=thread_id, result="posted",
                        created_at=utcnow())
                .returning(IncomingEmail.id))
            if row is None:
                raise _Seen()
            post = board.reply(user, thread_id, body)  # joins this transaction: both are kept, or neither
            db.session.execute(update(IncomingEmail).where(IncomingEmail.id == row).values(post_id=post.id))
    except _Seen:
        return _refuse(mail, "replayed", thread_id)
    except (NotAllowed, NotSignedIn):  # a suspended account is not signed in at all
        thread = db.session.get(Thread, thread_id)
        reason = "suspended" if user.suspended else "locked" if thread is not None and thread.locked else "not_allowed"
        return _refuse(mail, reason, thread_id)
    except NotFound:  # the thread is gone, or no longer readable by this member
        return _refuse(mail, "not_allowed", thread_id)
    except Invalid:
        return _refuse(mail, "too_large" if len(body) > current_app.config["BODY_MAX"] else "empty", thread_id)
    return Outcome(True, post_id=post.id)


def _over_limit(user: User) -> bool:
    """Counts this reply against the member's limit; True when it is one too many."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return False
    try:
        return not limiter.limiter.hit(parse_limit(current_app.config["REPLY_BY_EMAIL_LIMIT"]), "reply-by-email",
                                       str(user.id))
    except Exception:  # noqa: BLE001 - the limiter's storage failing must not lose a reply (swallow_errors)
        return False


def _refuse(mail: Mail, reason: str, thread_id: int | None = None) -> Outcome:
    """Record the refusal (unless this Message-ID is recorded already) and answer it once."""
    from forum.notifications.bounce import bounce

    with write():
        db.session.execute(
            insert_or_ignore(IncomingEmail).values(
                message_id=mail.message_id, user_id=mail.member.id if mail.member else None, thread_id=thread_id,
                result=reason, created_at=utcnow()))
        bounced = False if mail.automatic else bounce(mail, reason)
    return Outcome(False, reason=reason, bounced=bounced)
