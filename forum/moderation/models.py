"""The moderation log: every moderator action (on an account, a post or a thread), by whom and why."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

# Every action the log knows, with its label on the log page. A capability that adds a kind of
# moderator action adds it here (the log page filters by these keys).
ACTIONS = {
    "suspend": _l("Suspended"),
    "reinstate": _l("Reinstated"),
    "role": _l("Role changed"),
    "trust": _l("New-account limits lifted"),
    "hide": _l("Post hidden"),
    "auto_hide": _l("Post hidden by flags"),
    "restore": _l("Post restored"),
    "delete": _l("Post deleted"),
    "dismiss": _l("Flags dismissed"),
    "approve": _l("Post approved"),
    "lock": _l("Thread locked"),
    "unlock": _l("Thread unlocked"),
    "pin": _l("Thread pinned"),
    "unpin": _l("Thread unpinned"),
    "move": _l("Thread moved"),
    "merge": _l("Threads merged"),
    "split": _l("Thread split"),
}


class ModerationAction(db.Model):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    # The member the action concerns: the account itself, or the author of the post or thread.
    target_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # None: done from the command line by whoever runs the server.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    # The thread or post acted on, if any (None for account actions, or once it is gone).
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    # What changed, in a few words for the log ("from Layanan Pengguna to Studi Kasus", "into thread 12").
    detail: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    target: Mapped[User] = relationship(foreign_keys=[target_id], lazy="joined", innerjoin=True)
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")

    @property
    def label(self) -> str:
        return str(ACTIONS.get(self.action, self.action))

    def to_json(self) -> dict:
        return {"id": self.id, "action": self.action, "user": self.target.username,
                "by": self.actor.username if self.actor else None, "reason": self.reason,
                "thread_id": self.thread_id, "post_id": self.post_id, "detail": self.detail,
                "created_at": self.created_at.isoformat()}


# Why a member flags a post, with its label on the report form and in the queue.
FLAG_REASONS = {
    "spam": _l("Spam or advertising"),
    "off_topic": _l("Off topic"),
    "rude": _l("Rude or abusive"),
    "personal_data": _l("Personal data that should not be public"),
    "other": _l("Something else (say what)"),
}


class Flag(db.Model):
    """One member's report of one post (at most one per member and post), open until a moderator acts."""

    __tablename__ = "post_flags"
    __table_args__ = (
        UniqueConstraint("post_id", "user_id", name="uq_post_flags_post_user"),
        # The review queue: open flags, by post.
        Index("ix_post_flags_open", "resolved_at", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Whether the member was established when flagging: only such flags count toward hiding at once.
    weighty: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a moderator dismissed the flags, or hid, deleted or restored the post.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined", innerjoin=True)

    @property
    def label(self) -> str:
        return str(FLAG_REASONS.get(self.reason, self.reason))
