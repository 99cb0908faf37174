"""The moderation log: every suspension and reinstatement, by whom and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

ACTIONS = ("suspend", "reinstate")


class ModerationAction(db.Model):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # None: done from the command line by whoever runs the server.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    target: Mapped[User] = relationship(foreign_keys=[target_id], lazy="joined", innerjoin=True)
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")

    def to_json(self) -> dict:
        return {"id": self.id, "action": self.action, "user": self.target.username,
                "by": self.actor.username if self.actor else None, "reason": self.reason,
                "created_at": self.created_at.isoformat()}
