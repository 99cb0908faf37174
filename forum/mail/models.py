"""The mail capability's table: every message is stored before it is sent.

``key`` names what a message is about ("notify:USER:FIRST_NOTIFICATION:ITS_TIME",
"digest:daily:USER:2026-12-03"): queueing the same key twice is a no-op, so a job
that is retried or run again never sends a mail twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

# queued: waiting to be sent (again); sending: a worker has it; sent; failed: given up, see last_error.
STATES = ("queued", "sending", "sent", "failed")


class MailMessage(db.Model):
    __tablename__ = "mail_messages"
    __table_args__ = (Index("ix_mail_messages_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    # Message-ID, List-Unsubscribe, Reply-To ...: fixed when queued, so every attempt sends the same message.
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
