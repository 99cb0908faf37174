"""A mail for notifications, for members who chose ``immediate``: the first soon, later ones gathered.

Every minute the job looks for members with notifications not yet mailed (unread, and
still visible to them: ``services.pending_mail``) whose last notification mail is older
than ``MAIL_BATCH_SECONDS``. Each gets ONE mail with all of them, and they are marked
mailed in the same transaction that stores the mail: a job run twice or retried neither
sends a second mail (the key is ``notify:USER:FIRST_NOTIFICATION:ITS_TIME``) nor marks a
notification mailed that no mail carried. So a member's first notification leaves within
a minute, and what follows in the next five minutes comes together in the next mail.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from sqlalchemy import false, or_, select, update

from forum.accounts.models import User
from forum.database import write
from forum.extensions import db
from forum.mail import compose, delivery, reply_address
from forum.models_base import utcnow
from forum.notifications import services
from forum.notifications.models import Notification
from forum.tasks import periodic

BATCH = 200  # members whose mails are stored in one transaction
PER_MAIL = 50  # notifications in one mail at most; more wait for the next
# Older unread notifications are no news: they stay in the bell, never in a mail (a member who turns
# immediate mail on after a month away gets what is new, not the month).
FRESH = timedelta(days=3)


def due_members(now: datetime) -> list[int]:
    """Members who chose immediate mail, have notifications not yet mailed, and waited long enough since the last."""
    quiet_since = now - timedelta(seconds=current_app.config["MAIL_BATCH_SECONDS"])
    query = (
        select(User.id)
        .where(User.email_notifications == "immediate", User.suspended == false(),
               or_(User.notified_by_mail_at.is_(None), User.notified_by_mail_at <= quiet_since),
               select(Notification.id).where(Notification.user_id == User.id, Notification.mailed_at.is_(None),
                                             Notification.read_at.is_(None),
                                             Notification.created_at >= now - FRESH).exists())
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def send_notification_mails(now: datetime | None = None) -> int:
    """Queue one mail for each member who is due (see the module); the number of mails queued."""
    now = now or utcnow()
    members = due_members(now)
    queued = 0
    for start in range(0, len(members), BATCH):
        queued += _send_batch(members[start:start + BATCH], now)
        db.session.expunge_all()
    return queued


def _send_batch(user_ids: list[int], now: datetime) -> int:
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    drafts, carried, passed_over = [], {}, []
    for user_id in user_ids:
        user = users.get(user_id)
        pending = services.pending_mail(user_id, limit=PER_MAIL) if user is not None else []
        passed_over += [n.id for n in pending if n.created_at < now - FRESH]
        pending = [n for n in pending if n.created_at >= now - FRESH]
        if not pending:  # hidden from them now (a thread made private), or no news any more: nothing to say
            continue
        draft = _draft(user, pending)
        drafts.append(draft)
        carried[draft["key"]] = [n.id for n in pending]
    if not drafts and not passed_over:
        return 0
    with write():
        stored = delivery.queue_keys(drafts) if drafts else {}
        # Too old to mail: marked so that they never hold back what is new (they stay in the bell).
        services.mark_mailed([nid for key in stored for nid in carried[key]] + passed_over)
        db.session.execute(update(User).where(User.id.in_([d["user_id"] for d in drafts if d["key"] in stored]))
                           .values(notified_by_mail_at=now))
    return len(stored)


def _draft(user: User, pending: list[Notification]) -> dict:
    with force_locale(compose.language_of(user)):
        described = services.describe_many(pending)
    site = current_app.config["SITE_URL"]
    items = [{"text": d["text"], "url": site + d["url"]} for d in described]
    threads = {n.thread_id for n in pending}
    # Answering by mail: only when the whole mail is about one thread, so a reply can only land there.
    reply_to = reply_address(user.id, next(iter(threads))) if len(threads) == 1 and None not in threads else None

    def subject() -> str:
        if len(items) == 1:
            return items[0]["text"]
        return ngettext("%(num)d new notification on Jejaring", "%(num)d new notifications on Jejaring", len(items))

    # The first notification's id and time: an id used again (SQLite reuses the highest ids once deleted)
    # must not collide with the key of a mail sent long ago.
    first = pending[0]
    key = f"notify:{user.id}:{first.id}:{first.created_at:%Y%m%d%H%M%S%f}"
    return compose.draft(key, user, "notifications", subject, reply_to=reply_to,
                         items=items, notifications_url=compose.site_url("notifications.index"))


@periodic(minute="*")
def mail_notifications() -> None:
    """Every minute: the notification mails that are due."""
    send_notification_mails()
