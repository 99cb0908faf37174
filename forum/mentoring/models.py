"""Tables of mentoring. The skill taxonomy is shared with profiles and the matcher."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.extensions import db
from forum.models_base import UTCDateTime, utcnow


class Skill(db.Model):
    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    area: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(160))
    name_id: Mapped[str] = mapped_column(String(160))
    # A retired skill stays on the profiles that rate it, but leaves the forms and takes no new levels.
    retired: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def name(self) -> str:
        locale = get_locale()
        return self.name_en if locale and locale.language == "en" else self.name_id

    def to_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "area": self.area, "name_en": self.name_en,
                "name_id": self.name_id, "retired": self.retired}


class SkillAlias(db.Model):
    """An older slug of a skill, still accepted wherever a skill slug is."""

    __tablename__ = "skill_aliases"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)


class UserSkill(db.Model):
    """A member's self-assessed level in one skill: 0 none .. 4 can teach it."""

    __tablename__ = "user_skills"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)


class MentoringProfile(db.Model):
    """Whether a member mentors (and how many) or wants a mentor, and what the matcher needs."""

    __tablename__ = "mentoring_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    mentor_capacity: Mapped[int | None] = mapped_column(Integer)  # None: not mentoring
    wants_mentor: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[str] = mapped_column(String(64), default="id")  # comma-separated codes
    availability: Mapped[str] = mapped_column(String(200), default="")  # comma-separated slots
    # The mentee's direct supervisor: never proposed as their mentor.
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def language_set(self) -> frozenset[str]:
        return frozenset(x for x in self.languages.split(",") if x)

    @property
    def availability_set(self) -> frozenset[str]:
        return frozenset(x for x in self.availability.split(",") if x)


class MenteeGoal(db.Model):
    """A level a mentee wants to reach in one skill."""

    __tablename__ = "mentee_goals"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    target: Mapped[int] = mapped_column(Integer)


class MatchRound(db.Model):
    """One run of the matcher: previewed by a moderator, then maybe published."""

    __tablename__ = "match_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    policy: Mapped[dict] = mapped_column(JSON, default=dict)
    # The proposed pairs and the unmatched with their reasons, as shown in the preview.
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    matched: Mapped[int] = mapped_column(Integer, default=0)
    unmatched: Mapped[int] = mapped_column(Integer, default=0)
    total_score: Mapped[float] = mapped_column(default=0.0)
    seconds: Mapped[float] = mapped_column(default=0.0)

    created_by: Mapped[User | None] = relationship()


STATES = ("proposed", "active", "declined", "completed", "ended")


class Mentorship(db.Model):
    __tablename__ = "mentorships"
    __table_args__ = (Index("ix_mentorships_pair", "mentor_id", "mentee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("match_rounds.id", ondelete="SET NULL"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="proposed", index=True)
    score: Mapped[float] = mapped_column(default=0.0)
    covered: Mapped[list] = mapped_column(JSON, default=list)  # [{skill, current, target, mentor_level}]
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # the matcher's English phrases (API)
    # What the reasons are made of (shared languages and free time, regions), shown in the reader's language.
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    mentor_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentee_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_rating: Mapped[int | None] = mapped_column(Integer)
    mentor_comment: Mapped[str] = mapped_column(Text, default="")
    mentee_rating: Mapped[int | None] = mapped_column(Integer)
    mentee_comment: Mapped[str] = mapped_column(Text, default="")

    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id], lazy="joined", innerjoin=True)
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id], lazy="joined", innerjoin=True)
    goals: Mapped[list[MentorshipGoal]] = relationship(back_populates="mentorship", order_by="MentorshipGoal.id",
                                                       cascade="all, delete-orphan")
    checkins: Mapped[list[CheckIn]] = relationship(back_populates="mentorship", order_by="CheckIn.happened_on.desc()",
                                                   cascade="all, delete-orphan")

    def party(self, user) -> str | None:
        """'mentor', 'mentee' or None for someone else."""
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        if user.id == self.mentor_id:
            return "mentor"
        if user.id == self.mentee_id:
            return "mentee"
        return None


class MentorshipGoal(db.Model):
    """A skill the pair works on: where the mentee started, the target, where they ended."""

    __tablename__ = "mentorship_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    start_level: Mapped[int] = mapped_column(Integer)
    target: Mapped[int] = mapped_column(Integer)
    end_level: Mapped[int | None] = mapped_column(Integer)

    mentorship: Mapped[Mentorship] = relationship(back_populates="goals")
    skill: Mapped[Skill] = relationship(lazy="joined", innerjoin=True)


class CheckIn(db.Model):
    """A dated note of a meeting or progress in an active mentorship."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(ForeignKey("mentorships.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    happened_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mentorship: Mapped[Mentorship] = relationship(back_populates="checkins")
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
