"""Mail's part of a member's personal data: the mails stored for them (forum/accounts/signals.py)."""

from __future__ import annotations

from sqlalchemy import delete, select

from forum.accounts import signals
from forum.accounts.models import User
from forum.extensions import db
from forum.mail.models import MailMessage


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(user: User, **_data) -> dict:
    """The mails the site keeps for the member (sent ones are kept 90 days)."""
    mails = db.session.scalars(select(MailMessage).where(MailMessage.user_id == user.id).order_by(MailMessage.id))
    return {"mails": [{"to": m.to_address, "subject": m.subject, "text": m.text, "state": m.state,
                       "created_at": _iso(m.created_at), "sent_at": _iso(m.sent_at)} for m in mails]}


def erase(user: User, **_data) -> None:
    """Stored mails go, unsent ones with them: nothing more is mailed to the old address."""
    db.session.execute(delete(MailMessage).where(MailMessage.user_id == user.id))


signals.export_requested.connect(export)
signals.account_deleting.connect(erase)
