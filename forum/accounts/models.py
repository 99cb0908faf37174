"""Tables of the accounts capability: regions, users and API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

ROLES = ("member", "moderator", "admin")
# How a member hears about notifications by mail: each one (batched), a daily or weekly digest, or not at all.
EMAIL_NOTIFICATIONS = ("immediate", "daily", "weekly", "off")
EMAIL_NOTIFICATIONS_DEFAULT = "immediate"


REGION_KINDS = ("province", "regency", "city")


class Region(db.Model):
    """A province, or a regency (kabupaten) or city (kota) in one; members live in the latter two.

    ``code`` is Kemendagri's dotted code (``13`` Sumatera Barat, ``13.75`` Kota Bukittinggi);
    ``province`` keeps the province's name beside the link, so a region lists without a join.
    """

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    province: Mapped[str] = mapped_column(String(120))
    code: Mapped[str | None] = mapped_column(String(16), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), default="city", server_default="city")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)

    parent: Mapped[Region | None] = relationship(remote_side=[id])

    @property
    def full_name(self) -> str:
        """The name with its kind, as people write it: "Kota Padang", "Kabupaten Agam"."""
        return f"Kota {self.name}" if self.kind == "city" and not self.name.startswith("Kota ") else self.name

    def to_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "province": self.province, "code": self.code,
                "kind": self.kind}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    # Lower-cased copy: "Rina" and "rina" are the same account.
    username_key: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="member")
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    institution: Mapped[str] = mapped_column(String(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    suspended: Mapped[bool] = mapped_column(default=False)
    # Bumped on "sign out everywhere", a password change or a suspension:
    # sessions, tokens and sockets carrying an older number stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    # Set by a moderator: past the new-account limits at once, whatever the account's age and posts.
    established: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_notifications: Mapped[str] = mapped_column(String(16), default=EMAIL_NOTIFICATIONS_DEFAULT,
                                                     server_default=EMAIL_NOTIFICATIONS_DEFAULT)
    # When the last notification mail was queued: the next waits MAIL_BATCH_SECONDS after it.
    notified_by_mail_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the address was confirmed by its link (None: not yet; writes wait for it when JEJARING_VERIFY_EMAIL).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A new address asked for in the settings: it replaces ``email`` when its link is followed.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # The member deleted the account: personal data erased, the row kept for what others still read.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region] = relationship(lazy="joined", innerjoin=True)

    # The sign-in (a ``Login``'s key) this object was loaded or signed in with; part of the
    # session's user id, so that signing out of one browser revokes exactly that browser.
    login_key = ""

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}:{self.login_key}"

    @property
    def is_active(self) -> bool:
        return not self.suspended

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def to_public(self) -> dict:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "region": self.region.slug,
            "institution": self.institution,
            "role": self.role,
        }

    def to_private(self) -> dict:
        data = self.to_public()
        data.update(
            email=self.email,
            locale=self.locale,
            email_notifications=self.email_notifications,
            timezone=self.timezone,
            created_at=self.created_at.isoformat(),
            email_verified=self.email_verified,
            pending_email=self.pending_email,
        )
        return data


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)


class Login(db.Model):
    """One sign-in of one browser: its session and remember cookie name it; signing out deletes it.

    Only the SHA-256 of the key is stored, like tokens.
    """

    __tablename__ = "logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
