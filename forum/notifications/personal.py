"""Notifications' part of a member's personal data: their notifications and watches (forum/accounts/signals.py)."""

from __future__ import annotations

from sqlalchemy import delete, select

from forum.accounts import signals
from forum.accounts.models import User
from forum.extensions import db
from forum.notifications.models import Notification, Watch


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(user: User, **_data) -> dict:
    """The member's notifications and what they watch, with the mail setting (in the account part)."""
    notes = db.session.scalars(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    watches = db.session.scalars(select(Watch).where(Watch.user_id == user.id).order_by(Watch.id))
    return {
        "notifications": [{"kind": n.kind, "event": n.event, "thread_id": n.thread_id, "post_id": n.post_id,
                           "count": n.count, "created_at": _iso(n.created_at), "read_at": _iso(n.read_at),
                           "mailed_at": _iso(n.mailed_at)} for n in notes],
        "watches": [{"thread_id": w.thread_id, "category_id": w.category_id, "level": w.level,
                     "updated_at": _iso(w.updated_at)} for w in watches],
    }


def erase(user: User, **_data) -> None:
    """Notifications and watches go: nobody will be told anything about them again."""
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(Watch).where(Watch.user_id == user.id))


signals.export_requested.connect(export)
signals.account_deleting.connect(erase)
