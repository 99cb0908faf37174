"""Storing and sending mail: a message is a row first, then a job sends it, once.

``queue`` stores drafts (a key already stored is skipped: nothing is sent twice) and,
after the commit, queues the ``send_messages`` job (forum/mail/jobs.py) for the new
rows. ``deliver`` claims rows that are still queued, sends them over one SMTP
connection (or writes them to the outbox folder when ``MAIL_SERVER`` is unset) and
records each outcome. A temporary failure (server down, 4xx) leaves the row queued
and raises :class:`MailNotSent` so the job is retried with growing delays; after
``MAX_ATTEMPTS`` the row is marked failed and the reason logged. A permanent refusal
(5xx for that recipient) fails that row at once.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update

from forum.config import INSTANCE
from forum.database import insert_or_ignore, write
from forum.extensions import db
from forum.mail.compose import build_message, sender
from forum.mail.models import MailMessage
from forum.models_base import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # the first try and 5 retries: 30 s, 1, 2, 4 and 8 minutes later (about 15 minutes)
RETRY_DELAY = 30
RETRY_BACKOFF = 2
STALE_CLAIM = timedelta(minutes=15)  # a worker that took a message this long ago and never said: it died
RECORD_EVERY = 50  # sent messages are recorded in chunks: a worker killed mid-batch resends at most this many
INSERT_CHUNK = 500
KEEP = timedelta(days=90)  # sent and failed messages are deleted after this: what members were told is not kept


class MailNotSent(Exception):
    """Some messages met a temporary failure: the job raises this so the queue retries it later."""


class PermanentRefusal(Exception):
    """The server refused this one message for good (a 5xx answer about it)."""


def queue(drafts: list[dict]) -> list[int]:
    """Store ``drafts`` (rows from ``compose.draft``) and send the new ones after the commit.

    A draft whose key is already stored is left out: queueing the same key twice is a no-op.
    Joins the caller's write when there is one. Returns the ids of the rows it stored.
    """
    return sorted(queue_keys(drafts).values())


def queue_keys(drafts: list[dict]) -> dict[str, int]:
    """``queue``, answering ``{key: id}`` for the drafts it stored (those whose key was new)."""
    from forum.tasks import enqueue_after_commit

    stored: dict[str, int] = {}
    with write():
        now = utcnow()
        for start in range(0, len(drafts), INSERT_CHUNK):
            rows = [{**d, "state": "queued", "attempts": 0, "created_at": now}
                    for d in drafts[start:start + INSERT_CHUNK]]
            statement = insert_or_ignore(MailMessage).values(rows).returning(MailMessage.key, MailMessage.id)
            stored.update((key, id_) for key, id_ in db.session.execute(statement))
        if stored:
            enqueue_after_commit(_send_soon, sorted(stored.values()))
    return stored


def _send_soon(ids: list[int]) -> None:
    """Queue the sending job. When the queue is unreachable the job runs here instead, and an SMTP error
    then must not fail the caller (a request, a digest run): the rows stay queued and ``resend_stalled``
    picks them up."""
    from forum.mail.jobs import send_messages

    try:
        send_messages(ids)
    except MailNotSent as error:
        log.warning("mail not sent now, it stays queued: %s", error)


def _claim(ids: list[int]) -> list[int]:
    """Take the rows of ``ids`` that wait to be sent (or whose worker died): no two workers send one message."""
    now = utcnow()
    waiting = or_(MailMessage.state == "queued",
                  and_(MailMessage.state == "sending", MailMessage.claimed_at < now - STALE_CLAIM))
    with write():
        claimed = db.session.scalars(
            update(MailMessage).where(MailMessage.id.in_(ids), waiting)
            .values(state="sending", claimed_at=now, attempts=MailMessage.attempts + 1)
            .returning(MailMessage.id)
        ).all()
    return sorted(claimed)


def deliver(ids: list[int]) -> int:
    """Send the messages of ``ids`` that still wait; the number sent. Raises ``MailNotSent`` to be retried."""
    claimed = _claim(list(ids))
    if not claimed:
        return 0
    sent: list[int] = []
    failed: dict[int, str] = {}
    retry: dict[int, str] = {}
    total = 0
    rows = db.session.scalars(select(MailMessage).where(MailMessage.id.in_(claimed)).order_by(MailMessage.id)).all()
    try:
        transport = _open_transport()
    except (OSError, smtplib.SMTPException) as error:
        retry = {row.id: _reason(error) for row in rows}
    else:
        try:
            for index, row in enumerate(rows):
                try:
                    transport.send(row)
                except PermanentRefusal as error:
                    failed[row.id] = str(error)
                except (OSError, smtplib.SMTPException) as error:
                    # The connection is gone (or the server is failing): this one and the rest wait for a retry.
                    retry.update({r.id: _reason(error) for r in rows[index:]})
                    break
                except Exception as error:  # noqa: BLE001 - a message that cannot even be built fails alone
                    log.exception("mail %s could not be built", row.id)
                    failed[row.id] = _reason(error)
                else:
                    sent.append(row.id)
                    if len(sent) >= RECORD_EVERY:
                        total += _record_sent(sent)
                        sent = []
        finally:
            transport.close()
    total += _record_sent(sent)
    _record_failures(failed, retry)
    if any(row.attempts < MAX_ATTEMPTS for row in rows if row.id in retry):
        raise MailNotSent(f"{len(retry)} message(s) not sent: {next(iter(retry.values()))}")
    db.session.expunge_all()
    return total


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _record_sent(ids: list[int]) -> int:
    if ids:
        with write():
            db.session.execute(update(MailMessage).where(MailMessage.id.in_(ids))
                               .values(state="sent", sent_at=utcnow(), last_error=None))
    return len(ids)


def _record_failures(failed: dict[int, str], retry: dict[int, str]) -> None:
    """Permanent refusals fail at once; temporary ones wait again, or fail once out of attempts."""
    if not failed and not retry:
        return
    with write():
        rows = db.session.scalars(select(MailMessage).where(MailMessage.id.in_([*failed, *retry]))).all()
        for row in rows:
            reason = failed.get(row.id) or retry[row.id]
            row.last_error = reason
            if row.id in failed or row.attempts >= MAX_ATTEMPTS:
                row.state = "failed"
                log.error("mail %s (%s) to %s failed for good after %d attempt(s): %s",
                          row.id, row.key, row.to_address, row.attempts, reason)
            else:
                row.state = "queued"
                log.warning("mail %s (%s) not sent (attempt %d of %d), retried later: %s",
                            row.id, row.key, row.attempts, MAX_ATTEMPTS, reason)


def stalled(limit: int = 500) -> list[int]:
    """Messages whose job was lost (a worker killed before it ran them, or while sending): to queue again."""
    now = utcnow()
    query = (
        select(MailMessage.id)
        .where(or_(and_(MailMessage.state == "queued", MailMessage.created_at < now - 2 * STALE_CLAIM,
                        or_(MailMessage.claimed_at.is_(None), MailMessage.claimed_at < now - 2 * STALE_CLAIM)),
                   and_(MailMessage.state == "sending", MailMessage.claimed_at < now - STALE_CLAIM)))
        .order_by(MailMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def purge(older_than: timedelta = KEEP) -> int:
    """Delete sent and failed messages older than ``older_than``; the number deleted.

    Their keys go with them, which is safe: no job queues mail for a period this old.
    """
    with write():
        return db.session.execute(
            delete(MailMessage).where(MailMessage.state.in_(("sent", "failed")),
                                      MailMessage.created_at < utcnow() - older_than)
        ).rowcount


# -- transports ------------------------------------------------------------------------

def _open_transport():
    config = current_app.config
    if config["MAIL_SERVER"]:
        return SmtpTransport(config)
    return OutboxTransport(Path(config["MAIL_OUTBOX_DIR"] or INSTANCE / "outbox"))


class OutboxTransport:
    """Development without a mail server: every message becomes ``OUTBOX/YYYYmmdd-HHMMSS-ID.eml``."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder

    def send(self, row: MailMessage) -> None:
        name = f"{row.created_at:%Y%m%d-%H%M%S}-{row.id}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(bytes(build_message(row)))
        os.replace(partial, self.folder / name)  # a reader never sees half a message

    def close(self) -> None:
        pass


class SmtpTransport:
    """One SMTP connection for a batch of messages (STARTTLS or TLS, and a login, when configured)."""

    def __init__(self, config):
        host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
        if config["MAIL_USE_SSL"]:
            self.smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            self.smtp = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if config["MAIL_USE_TLS"]:
                self.smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            self.close()
            raise
        self.envelope_from = parseaddr(sender())[1]

    def send(self, row: MailMessage) -> None:
        try:
            self.smtp.send_message(build_message(row), from_addr=self.envelope_from, to_addrs=[row.to_address])
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            _raise_if_permanent(code, answer, error)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            _raise_if_permanent(error.smtp_code, error.smtp_error, error)

    def close(self) -> None:
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()


def _raise_if_permanent(code: int, answer, error: Exception) -> None:
    text = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
    text = re.sub(r"\s+", " ", text)
    if 500 <= code < 600:
        raise PermanentRefusal(f"refused with {code}: {text}"[:500]) from error
    raise error
