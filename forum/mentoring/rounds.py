"""Matching rounds: database rows in, ``matching`` out, proposals stored.

Who takes part: members who want a mentor, have goals and no open mentorship
as mentee; mentors with capacity left after their open (proposed or active)
mentorships. Pairs that declined before, a mentee's direct supervisor and
self-pairs are excluded. A round is previewed first (its result stored as
shown) and published as it was previewed: publishing re-checks that every
pair is still possible and skips (and reports) those that are not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, replace

from flask_babel import gettext as _
from sqlalchemy import or_, select

import matching
from forum.accounts.models import User
from forum.accounts.services import require_moderator
from forum.database import write
from forum.errors import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.inputs import record_id
from forum.mentoring.explain import facts_for
from forum.mentoring.models import MatchRound, MenteeGoal, MentoringProfile, Mentorship, Skill, UserSkill
from forum.mentoring.services import OPEN_STATES, load_of
from forum.mentoring.signals import mentorship_changed, send_after_commit
from forum.models_base import utcnow

REGION_CHOICES = ("neutral", "prefer", "avoid")
OBJECTIVES = ("max_matched", "max_score")


def _moderator(user: User | None) -> User:
    return require_moderator(user, _("Only moderators run matching rounds."))


def policy_from(data: dict | None) -> tuple[matching.Policy, dict]:
    """A matcher policy from a moderator's form or JSON, with every bad field named."""
    data = data or {}
    if not isinstance(data, dict):
        raise Invalid(fields={"policy": _("Give an object.")})
    errors: dict[str, str] = {}
    region = data.get("region", "neutral")
    if region not in REGION_CHOICES:
        errors["region"] = _("One of: %(values)s", values=", ".join(REGION_CHOICES))
    objective = data.get("objective", "max_matched")
    if objective not in OBJECTIVES:
        errors["objective"] = _("One of: %(values)s", values=", ".join(OBJECTIVES))
    try:
        min_score = float(data.get("min_score", 0) or 0)
        if not 0 <= min_score <= 1000:
            raise ValueError
    except (TypeError, ValueError):
        errors["min_score"] = _("A number from 0 to 1000.")
        min_score = 0.0
    if errors:
        raise Invalid(fields=errors)
    stored = {"region": region, "objective": objective, "min_score": min_score}
    return matching.Policy(region=region, objective=objective, min_score=min_score,
                           skills=frozenset(db.session.scalars(select(Skill.slug)))), stored


def participants() -> tuple[list[matching.Mentee], list[matching.Mentor], set[tuple[int, int]], dict[int, User]]:
    """Everyone the next round considers, as ``matching`` inputs, plus the excluded pairs."""
    profiles = {p.user_id: p for p in db.session.scalars(
        select(MentoringProfile).where(or_(MentoringProfile.wants_mentor, MentoringProfile.mentor_capacity > 0)))}
    busy_mentees = set(db.session.scalars(select(Mentorship.mentee_id).where(Mentorship.state.in_(OPEN_STATES))))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(list(profiles)),
                                                                      User.suspended.is_(False)))}
    levels: dict[int, dict[str, int]] = {}
    for uid, slug, level in db.session.execute(
            select(UserSkill.user_id, Skill.slug, UserSkill.level).join(Skill, Skill.id == UserSkill.skill_id)
            .where(UserSkill.user_id.in_(list(users)))):
        levels.setdefault(uid, {})[slug] = level
    goals: dict[int, dict[str, int]] = {}
    for uid, slug, target in db.session.execute(
            select(MenteeGoal.user_id, Skill.slug, MenteeGoal.target).join(Skill, Skill.id == MenteeGoal.skill_id)
            .where(MenteeGoal.user_id.in_(list(users)))):
        goals.setdefault(uid, {})[slug] = target
    load = load_of(profiles)
    mentees, mentors = [], []
    for uid in sorted(users):
        p, u = profiles[uid], users[uid]
        common = {"region": u.region.name, "languages": p.language_set, "institution": u.institution,
                  "availability": p.availability_set}
        if p.wants_mentor and uid not in busy_mentees and goals.get(uid):
            mentees.append(matching.Mentee(id=uid, levels=levels.get(uid, {}), targets=goals[uid], **common))
        free = (p.mentor_capacity or 0) - load.get(uid, 0)
        if free > 0:
            mentors.append(matching.Mentor(id=uid, levels=levels.get(uid, {}), capacity=min(free, 10), **common))
    excluded = {(m.mentee_id, m.mentor_id) for m in db.session.scalars(
        select(Mentorship).where(Mentorship.state == "declined"))}
    excluded |= {(uid, p.supervisor_id) for uid, p in profiles.items() if p.supervisor_id}
    excluded |= {(uid, uid) for uid in users}
    return mentees, mentors, excluded, users


def _pair_json(pair: matching.Pair, users: dict[int, User], people: dict) -> dict:
    return {
        "mentor_id": pair.mentor, "mentee_id": pair.mentee,
        "mentor": users[pair.mentor].username, "mentee": users[pair.mentee].username,
        "score": round(pair.score, 2), "parts": dict(pair.parts),
        "covered": [asdict(c) for c in pair.covered], "reasons": list(pair.reasons),
        "facts": facts_for(people[("mentee", pair.mentee)], people[("mentor", pair.mentor)]),
    }


def run_round(actor: User | None, data: dict | None = None, *, publish: bool = False,
              progress: Callable[[str, int, int], None] | None = None) -> MatchRound:
    """Run the matcher over everyone waiting; store the preview, and publish it if asked."""
    actor = _moderator(actor) if actor is not None else None
    policy, stored_policy = policy_from(data)
    mentees, mentors, excluded, users = participants()
    policy = replace(policy, excluded=frozenset(excluded))
    started = time.perf_counter()
    result = matching.match(mentees, mentors, policy, progress=progress)
    seconds = time.perf_counter() - started
    people = {("mentee", m.id): m for m in mentees} | {("mentor", m.id): m for m in mentors}
    with write():
        round_ = MatchRound(
            created_by_id=actor.id if actor else None, policy=stored_policy,
            result={"pairs": [_pair_json(p, users, people) for p in result.pairs],
                    "unmatched": [{"mentee_id": u.mentee, "mentee": users[u.mentee].username, "code": u.code,
                                   "reason": u.reason} for u in result.unmatched],
                    "mentors": len(mentors), "mentees": len(mentees), "skipped": []},
            matched=result.matched, unmatched=len(result.unmatched), total_score=round(result.total_score, 2),
            seconds=round(seconds, 3),
        )
        db.session.add(round_)
        db.session.flush()
        if publish:
            _publish(round_)
    return round_


def get_round(user: User | None, round_id) -> MatchRound:
    _moderator(user)
    round_id = record_id(round_id)
    round_ = db.session.get(MatchRound, round_id) if round_id else None
    if round_ is None:
        raise NotFound(_("No such round."))
    return round_


def recent_rounds(limit: int = 10) -> list[MatchRound]:
    return list(db.session.scalars(select(MatchRound).order_by(MatchRound.id.desc()).limit(limit)))


def publish_round(actor: User | None, round_id) -> MatchRound:
    """Turn a previewed round's pairs into proposals (once)."""
    round_ = get_round(actor, round_id)
    with write():
        fresh = db.session.get(MatchRound, round_.id)
        if fresh.published_at is not None:
            raise Conflict(_("This round is already published."))
        _publish(fresh)
    return fresh


def _publish(round_: MatchRound) -> None:
    pairs = round_.result.get("pairs", [])
    busy = set(db.session.scalars(select(Mentorship.mentee_id).where(Mentorship.state.in_(OPEN_STATES))))
    declined = {(m.mentee_id, m.mentor_id) for m in db.session.scalars(
        select(Mentorship).where(Mentorship.state == "declined"))}
    load = load_of({p["mentor_id"] for p in pairs})
    capacity = {p.user_id: p.mentor_capacity or 0 for p in db.session.scalars(
        select(MentoringProfile).where(MentoringProfile.user_id.in_([p["mentor_id"] for p in pairs])))}
    skipped, proposed = [], []
    for p in pairs:
        mentor, mentee = p["mentor_id"], p["mentee_id"]
        if mentee in busy or (mentee, mentor) in declined or load.get(mentor, 0) >= capacity.get(mentor, 0):
            skipped.append(p["mentee"])
            continue
        proposed.append(Mentorship(round_id=round_.id, mentor_id=mentor, mentee_id=mentee, state="proposed",
                                   score=p["score"], covered=p["covered"], reasons=p["reasons"],
                                   facts=p.get("facts", {})))
        busy.add(mentee)
        load[mentor] = load.get(mentor, 0) + 1
    db.session.add_all(proposed)
    db.session.flush()
    for m in proposed:  # both people are told once the round commits, whoever ran it (notifications listen)
        send_after_commit(mentorship_changed, mentorship_id=m.id, event="proposed", actor_id=None)
    round_.published_at = utcnow()
    round_.result = {**round_.result, "skipped": skipped}


def why_not(actor: User | None, mentee_username, mentor_username, data: dict | None = None) -> dict:
    """What the whole round would lose if ``mentor`` were forced on ``mentee`` (current profiles).

    Returns the matcher's answer, the usernames of everyone it mentions, and
    when the pair is not a candidate at all, a ``refusal`` code saying why.
    """
    _moderator(actor)
    from forum.accounts.services import user_by_username

    mentee, mentor = user_by_username(mentee_username), user_by_username(mentor_username)
    errors = {}
    if mentee is None:
        errors["mentee"] = _("No such user.")
    if mentor is None:
        errors["mentor"] = _("No such user.")
    if errors:
        raise Invalid(fields=errors)
    policy, _stored = policy_from(data)
    mentees, mentors, excluded, users = participants()
    by_mentee, by_mentor = {m.id: m for m in mentees}, {m.id: m for m in mentors}
    if mentee.id not in by_mentee:
        raise Invalid(fields={"mentee": _("%(name)s is not waiting for a mentor.", name=mentee.username)})
    if mentor.id not in by_mentor:
        raise Invalid(fields={"mentor": _("%(name)s has no mentoring capacity left.", name=mentor.username)})
    policy = replace(policy, excluded=frozenset(excluded))
    answer = matching.why_not(mentees, mentors, mentee.id, mentor.id, policy)
    refusal = answer.code or None  # the matcher says why a pair is not a candidate
    return {"answer": answer, "refusal": refusal, "names": {uid: u.username for uid, u in users.items()}}
