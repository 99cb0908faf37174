"""Tables of notifications: what a member is told, and what they follow.

A ``Notification`` is one line in a member's bell: who did what, where. It
keeps ids, never text: the words are made when it is shown (in the reader's
language) by ``services.describe``, and whether the reader may still see it
is decided then too (a thread that became private to them hides it).

A ``Watch`` is a member's chosen level for one thread or one category; a
thread's own watch wins over its category's.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.board.models import Thread
from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

KINDS = ("reply", "mention", "watched", "solution", "reaction", "mentorship", "live_session", "moderation")
#: Kinds about one post that a member gets at most once per post (the most specific wins).
POST_KINDS = ("reply", "mention", "watched")
LEVELS = ("watching", "tracking", "normal", "muted")

_ONCE_PER_POST = text("kind IN ('reply', 'mention', 'watched')")
_UNREAD_REACTION = text("kind = 'reaction' AND read_at IS NULL")


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's count and the page: a member's unread ones, newest first.
        Index("ix_notifications_user_read", "user_id", "read_at", "id"),
        # Mail: a member's not yet mailed ones.
        Index("ix_notifications_user_mailed", "user_id", "mailed_at"),
        # One reply/mention/watched notification per member and post: a retried job or an edit never repeats one.
        Index("uq_notifications_user_post_once", "user_id", "post_id", unique=True,
              sqlite_where=_ONCE_PER_POST, postgresql_where=_ONCE_PER_POST),
        # Reactions group: one unread notification per member and post, whose count and actor move.
        Index("uq_notifications_user_post_reaction", "user_id", "post_id", unique=True,
              sqlite_where=_UNREAD_REACTION, postgresql_where=_UNREAD_REACTION),
        Index("ix_notifications_thread_id", "thread_id"),
        Index("ix_notifications_post_id", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))  # the recipient
    kind: Mapped[str] = mapped_column(String(16))
    # What happened, where the kind has several events: a mentorship's new state
    # (proposed, accepted, active, declined, completed, ended); a live session's "opened"; a moderator's
    # action on the member's post (hide, auto_hide, restore, delete, approve) or thread (lock, unlock, pin,
    # unpin, move, merge, split).
    event: Mapped[str | None] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    subject_id: Mapped[int | None] = mapped_column(Integer)  # a mentorship's or live session's id
    count: Mapped[int] = mapped_column(Integer, default=1)  # reactions grouped into this one
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    thread: Mapped[Thread | None] = relationship(foreign_keys=[thread_id])

    @property
    def read(self) -> bool:
        return self.read_at is not None


class Watch(db.Model):
    __tablename__ = "watches"
    __table_args__ = (
        # NULLs are distinct in unique constraints on both databases: a category watch (thread_id NULL)
        # never collides with a thread watch, and each member has one row per thread and per category.
        UniqueConstraint("user_id", "thread_id", name="uq_watches_user_thread"),
        UniqueConstraint("user_id", "category_id", name="uq_watches_user_category"),
        CheckConstraint("(thread_id IS NULL) <> (category_id IS NULL)", name="one_target"),
        CheckConstraint("level IN ('watching', 'tracking', 'normal', 'muted')", name="level"),
        Index("ix_watches_thread_level", "thread_id", "level"),
        Index("ix_watches_category_level", "category_id", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
