"""Tables of the board: categories, threads, posts and tags.

Counters (threads and posts per category, replies per thread, the latest
post) are kept up to date by the services in the same transaction as the
write, so the category index and thread lists read them in one query and
a page view never writes.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale
from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow

thread_tags = Table(
    "thread_tags",
    db.metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# Members of a private thread (a mentorship's conversation): only they and admins read it.
thread_members = Table(
    "thread_members",
    db.metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# What a category is for: "case_study" offers the situation/action/outcome/lessons template.
CATEGORY_KINDS = ("discussion", "case_study", "questions")


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # "case_study" offers the situation/action/outcome/lessons template.
    kind: Mapped[str] = mapped_column(String(16), default="discussion")
    # Archived: its threads stay readable (lists, search, feeds), it takes no new ones.
    archived: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Bumped by every change admins make to what pages show of it (names, order, archiving):
    # keys the cached index, lists and searches (``board.services.categories_version``).
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    thread_count: Mapped[int] = mapped_column(Integer, default=0)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    last_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL", use_alter=True)
    )

    last_post: Mapped[Post | None] = relationship(foreign_keys=[last_post_id], post_update=True)

    def _english(self) -> bool:
        locale = get_locale()
        return bool(locale and locale.language == "en")

    @property
    def display_name(self) -> str:
        return self.name_en if self._english() and self.name_en else self.name

    @property
    def display_description(self) -> str:
        return self.description_en if self._english() and self.description_en else self.description


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        Index("ix_threads_category_activity", "category_id", "pinned", "last_post_at"),
        # The lists across the site (forum.board.lists): latest first, unanswered (post_count = 1) first.
        Index("ix_threads_activity", "last_post_at", "id"),
        Index("ix_threads_unanswered", "post_count", "last_post_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL", use_alter=True)
    )
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    # Of ``post_count``, the posts not visible to everyone (hidden, removed, pending): kept by the services,
    # so that reply counts say what readers can see while post numbers stay (``post_count`` numbers posts).
    hidden_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked: Mapped[bool] = mapped_column(default=False)
    pinned: Mapped[bool] = mapped_column(default=False)
    # Private threads never appear in lists, counters, feeds or search for anyone but their members.
    private: Mapped[bool] = mapped_column(default=False)
    # Bumped by every change to what the thread's pages show: keys the rendered-page cache.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # The reply its author (or a moderator) marked as the answer; the first post never is.
    solution_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL", use_alter=True), index=True
    )
    # The title as the search index has it (stemmed words, forum.board.stemming); set by the services.
    search_title: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    # Set once a moderator merged this thread into another (forum.board.moderate): its posts are there now,
    # and its address redirects there.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    tags: Mapped[list[Tag]] = relationship(secondary=thread_tags, lazy="selectin", order_by=Tag.name)
    last_post: Mapped[Post | None] = relationship(foreign_keys=[last_post_id], post_update=True)

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1 - (self.hidden_count or 0), 0)

    @property
    def solved(self) -> bool:
        return self.solution_post_id is not None


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_thread_number", "thread_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    # 1 for the opening post, then 2, 3 ...: pages are ranges of numbers, no OFFSET scans.
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # Rendered and sanitised once, at write time, by forum.markup.
    html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Reactions per kind, kept by forum.board.reactions in the transaction that adds or removes one.
    thanks_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    helpful_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    insightful_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The text as the search index has it (no markup, stemmed words); set by the services with ``html``.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="", deferred=True)
    # visible; hidden (by a moderator or by flags: a placeholder for members); deleted (soft: only
    # moderators see it); pending (a new account's post with links: its author and moderators, until
    # approved). Who sees what: ``forum.board.services.can_view_post`` and ``visible_posts``.
    state: Mapped[str] = mapped_column(String(16), default="visible", server_default="visible", index=True)
    # Why it is hidden or deleted, in the moderator's words (the author reads it).
    state_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    thread: Mapped[Thread] = relationship(foreign_keys=[thread_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    @property
    def reactions(self) -> dict[str, int]:
        return {"thanks": self.thanks_count, "helpful": self.helpful_count, "insightful": self.insightful_count}


POST_STATES = ("visible", "hidden", "deleted", "pending")
REACTION_KINDS = ("thanks", "helpful", "insightful")


class PostReaction(db.Model):
    """One member's reaction of one kind to one post (at most one of each kind)."""

    __tablename__ = "post_reactions"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThreadRead(db.Model):
    """How far a member has read a thread: the highest post number a page of theirs showed."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    last_read_post_number: Mapped[int] = mapped_column(Integer, default=0)


class PostRevision(db.Model):
    """One version of a post's text (1 is the original): kept by every edit, read by the post's history."""

    __tablename__ = "post_revisions"
    __table_args__ = (Index("ix_post_revisions_post_number", "post_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    # The thread's title at that version, on a thread's first post (its edits may change the title too).
    title: Mapped[str | None] = mapped_column(String(200))
    # When this version was written (the post's own time for the original), and by whom.
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    editor: Mapped[User | None] = relationship(foreign_keys=[editor_id])
