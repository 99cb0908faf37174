"""Tables of live sessions: the session, its messages, questions, and who is in the room.

The database is the source of truth: a message is stored before it is
broadcast, and a client that reconnects asks for everything after the last
id it saw. Presence rows name each connected socket, so any process can list
who is in a room and drop a user's sockets at sign-out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.board.models import Category
from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

STATES = ("scheduled", "open", "closed")


class LiveSession(db.Model):
    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    moderator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    state: Mapped[str] = mapped_column(String(16), default="scheduled", index=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, default=0)
    pinned_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_messages.id", ondelete="SET NULL", use_alter=True))
    transcript_thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    moderator: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LiveMessage(db.Model):
    __tablename__ = "live_messages"
    __table_args__ = (Index("ix_live_messages_session_id_id", "session_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)  # sanitised once, by forum.markup
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Deleted for everyone: the text stays for moderators, with who deleted it.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined", innerjoin=True)


class LiveQuestion(db.Model):
    __tablename__ = "live_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LiveVote(db.Model):
    __tablename__ = "live_votes"

    question_id: Mapped[int] = mapped_column(ForeignKey("live_questions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class LiveMember(db.Model):
    """A user's standing in one session: muted, removed, hand raised, last message (slow mode)."""

    __tablename__ = "live_members"

    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    muted: Mapped[bool] = mapped_column(default=False)
    removed: Mapped[bool] = mapped_column(default=False)
    hand_raised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class LiveServer(db.Model):
    """A server process holding live connections, and when it last said it is alive."""

    __tablename__ = "live_servers"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LiveSocket(db.Model):
    """One connected Socket.IO client, on whichever server process holds it."""

    __tablename__ = "live_sockets"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The process holding it: when that process stops answering, its sockets are gone too.
    server: Mapped[str] = mapped_column(String(80), default="", index=True)
    # The browser sign-in it was opened with (SHA-256 of its key); none for a token. Signing out that
    # browser closes these sockets only.
    login_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LivePresence(db.Model):
    """A connected socket in a session's room."""

    __tablename__ = "live_presence"

    sid: Mapped[str] = mapped_column(ForeignKey("live_sockets.sid", ondelete="CASCADE"), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("live_sessions.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
