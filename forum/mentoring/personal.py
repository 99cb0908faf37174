"""Mentoring's part of a member's personal data: skills, profile, goals, mentorships (forum/accounts/signals.py)."""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update

from forum.accounts import signals
from forum.accounts.models import User
from forum.extensions import db
from forum.mentoring.models import CheckIn, MenteeGoal, MentoringProfile, Mentorship, Skill, UserSkill
from forum.models_base import utcnow

OPEN_STATES = ("proposed", "active")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(user: User, **_data) -> dict:
    """Self-assessed levels, the mentoring profile and goals, every mentorship with its check-ins."""
    levels = db.session.execute(select(Skill.slug, UserSkill.level).join(Skill, Skill.id == UserSkill.skill_id)
                                .where(UserSkill.user_id == user.id).order_by(Skill.slug))
    goals = db.session.execute(select(Skill.slug, MenteeGoal.target).join(Skill, Skill.id == MenteeGoal.skill_id)
                               .where(MenteeGoal.user_id == user.id).order_by(Skill.slug))
    profile = db.session.get(MentoringProfile, user.id)
    mentorships = db.session.scalars(select(Mentorship).where(
        or_(Mentorship.mentor_id == user.id, Mentorship.mentee_id == user.id)).order_by(Mentorship.id))
    checkins = db.session.scalars(select(CheckIn).where(CheckIn.author_id == user.id).order_by(CheckIn.id))
    return {
        "skills": {slug: level for slug, level in levels},
        "mentoring_profile": None if profile is None else {
            "mentor_capacity": profile.mentor_capacity, "wants_mentor": profile.wants_mentor,
            "languages": profile.languages, "availability": profile.availability,
            "updated_at": _iso(profile.updated_at)},
        "mentee_goals": {slug: target for slug, target in goals},
        "mentorships": [{
            "id": m.id, "role": "mentor" if m.mentor_id == user.id else "mentee",
            "other": (m.mentee if m.mentor_id == user.id else m.mentor).display_name,
            "state": m.state, "covered": m.covered, "thread_id": m.thread_id,
            "created_at": _iso(m.created_at), "started_at": _iso(m.started_at), "ended_at": _iso(m.ended_at),
            "rating_given": m.mentor_rating if m.mentor_id == user.id else m.mentee_rating,
            "comment_given": m.mentor_comment if m.mentor_id == user.id else m.mentee_comment,
        } for m in mentorships],
        "checkins": [{"mentorship_id": c.mentorship_id, "happened_on": c.happened_on.isoformat(), "note": c.note,
                      "created_at": _iso(c.created_at)} for c in checkins],
    }


def erase(user: User, **_data) -> None:
    """Levels, profile and goals go; mentorships stay for the other member (open ones end now)."""
    db.session.execute(delete(UserSkill).where(UserSkill.user_id == user.id))
    db.session.execute(delete(MenteeGoal).where(MenteeGoal.user_id == user.id))
    db.session.execute(update(MentoringProfile).where(MentoringProfile.supervisor_id == user.id)
                       .values(supervisor_id=None))
    db.session.execute(delete(MentoringProfile).where(MentoringProfile.user_id == user.id))
    db.session.execute(update(Mentorship).where(or_(Mentorship.mentor_id == user.id, Mentorship.mentee_id == user.id),
                                                Mentorship.state.in_(OPEN_STATES))
                       .values(state="ended", ended_at=utcnow()))


signals.export_requested.connect(export)
signals.account_deleting.connect(erase)
