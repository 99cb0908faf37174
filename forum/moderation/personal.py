"""Moderation's part of a member's export: the actions moderators took about them (forum/accounts/signals.py).

On deletion the log stays, naming the "former member": moderators keep the record
of what was done and why (a legitimate interest, UU 27/2022 art. 20, GDPR art. 6(1)(f)).
"""

from __future__ import annotations

from sqlalchemy import select

from forum.accounts import signals
from forum.accounts.models import User
from forum.extensions import db
from forum.moderation.models import ModerationAction


def export(user: User, **_data) -> dict:
    """Every moderator action about the member (who took it is the moderators' data, left out)."""
    actions = db.session.scalars(select(ModerationAction).where(ModerationAction.target_id == user.id)
                                 .order_by(ModerationAction.id))
    return {"moderation_actions": [{"action": a.action, "reason": a.reason, "detail": a.detail,
                                    "thread_id": a.thread_id, "post_id": a.post_id,
                                    "created_at": a.created_at.isoformat()} for a in actions]}


signals.export_requested.connect(export)
