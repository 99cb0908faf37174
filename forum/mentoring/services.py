"""Rules of mentoring: skill profiles, opting in, and the life of a mentorship.

A mentorship is ``proposed`` by a published matching round (see ``rounds``),
becomes ``active`` when both people accept (and gets a private thread), and
ends ``completed`` with feedback from each side, ``declined`` by either
person before it starts, or ``ended`` early. A decline frees the mentor's slot
and keeps that pair out of later rounds.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from forum.accounts.models import User
from forum.accounts.services import require_member as _member
from forum.board import services as board
from forum.database import write
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.inputs import record_id, whole
from forum.mentoring import skills as skill_table
from forum.mentoring.models import (
    CheckIn,
    MenteeGoal,
    MentoringProfile,
    Mentorship,
    MentorshipGoal,
    Skill,
    UserSkill,
)
from forum.mentoring.signals import mentorship_changed, send_after_commit
from forum.mentoring.taxonomy import AREA_SLUGS
from forum.models_base import utcnow

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English", "minang": "Baso Minang", "jv": "Basa Jawa",
             "su": "Basa Sunda", "bug": "Basa Ugi"}
SLOTS = ("weekday-morning", "weekday-afternoon", "weekday-evening", "weekend")
OPEN_STATES = ("proposed", "active")
NOTE_MAX = 5000


# -- permissions --------------------------------------------------------------------

def can_view_mentorship(user: User | None, mentorship: Mentorship) -> bool:
    """The pair, moderators (who run the programme) and admins."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return mentorship.party(user) is not None or user.is_moderator


def _own_or_admin(actor: User, user: User) -> None:
    if actor.id != user.id and not actor.is_admin:
        raise NotAllowed()


# -- skills and profiles ------------------------------------------------------------

def skills() -> list[Skill]:
    """Every skill, retired ones too (they stay on old profiles), in the taxonomy's order."""
    return skill_table.all_skills()


def skills_by_slug() -> dict[str, Skill]:
    """Every slug a client may send, the old aliases included, to its skill."""
    return skill_table.resolver()


def skills_by_area() -> list[tuple[str, list[Skill]]]:
    """The skills the forms offer (retired ones left out), grouped by SKKNI function in the standard's order."""
    groups: dict[str, list[Skill]] = {area: [] for area in AREA_SLUGS}
    for skill in skills():
        if not skill.retired:
            groups.setdefault(skill.area, []).append(skill)
    return [(area, group) for area, group in groups.items() if group]


def supervisor_name(profile: MentoringProfile) -> str:
    if not profile.supervisor_id:
        return ""
    return db.session.get(User, profile.supervisor_id).username


def skill_levels(user: User) -> dict[str, int]:
    rows = db.session.execute(
        select(Skill.slug, UserSkill.level).join(UserSkill, UserSkill.skill_id == Skill.id)
        .where(UserSkill.user_id == user.id)
    )
    return {slug: level for slug, level in rows}


def profile_of(user: User) -> MentoringProfile | None:
    return db.session.get(MentoringProfile, user.id)


def goals_of(user: User) -> dict[str, int]:
    rows = db.session.execute(
        select(Skill.slug, MenteeGoal.target).join(MenteeGoal, MenteeGoal.skill_id == Skill.id)
        .where(MenteeGoal.user_id == user.id)
    )
    return {slug: target for slug, target in rows}


_whole = whole  # ASCII digits only (forum.inputs): "²" and "⑤" pass str.isdigit and break int()


def _levels(raw, low: int, high: int, known: dict[str, Skill], errors: dict, field: str,
            stored: dict[str, int] | None = None) -> dict[str, int]:
    """Levels by skill slug (an old alias counts as its skill); retired skills may only keep ``stored`` values."""
    if not isinstance(raw, dict):
        errors[field] = _("Give an object of skill: level.")
        return {}
    clean = {}
    for slug, value in raw.items():
        if slug not in known:
            errors[f"{field}.{slug}"] = _("Unknown skill: %(skill)s", skill=str(slug)[:64])
            continue
        level = _whole(value, low, high)
        if level is None:
            errors[f"{field}.{slug}"] = _("%(skill)s: a level from %(low)d to %(high)d, got %(value)s",
                                          skill=slug, low=low, high=high, value=str(value)[:20])
            continue
        skill = known[slug]
        if skill.slug in clean and clean[skill.slug] != level:
            errors[f"{field}.{slug}"] = _("%(skill)s is given twice (under its old name too).", skill=skill.slug)
            continue
        if skill.retired and level != (stored or {}).get(skill.slug, 0 if low == 0 else None):
            errors[f"{field}.{slug}"] = _("%(skill)s is retired: it keeps its level but takes no new one.",
                                          skill=skill.slug)
            continue
        clean[skill.slug] = level
    return clean


def set_skill_levels(actor: User | None, user: User, raw) -> dict[str, int]:
    """Replace a member's self-assessment (skills left out are 0; retired skills keep their levels)."""
    _own_or_admin(_member(actor), user)
    known = skills_by_slug()
    stored = skill_levels(user)
    errors: dict[str, str] = {}
    levels = _levels(raw, 0, 4, known, errors, "levels", stored)
    if errors:
        raise Invalid(fields=errors)
    retired = {s.slug for s in known.values() if s.retired}
    levels = {s: v for s, v in levels.items() if s not in retired} | {s: v for s, v in stored.items() if s in retired}
    with write():
        db.session.execute(delete(UserSkill).where(UserSkill.user_id == user.id))
        db.session.add_all(UserSkill(user_id=user.id, skill_id=known[s].id, level=v) for s, v in levels.items() if v)
    return {s: v for s, v in levels.items() if v}


def _codes(raw, allowed, errors: dict, field: str) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [x for x in raw.split(",") if x]
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        errors[field] = _("Give a list.")
        return []
    bad = [x for x in raw if x not in allowed]
    if bad:
        errors[field] = _("Unknown: %(values)s", values=", ".join(b[:20] for b in bad[:5]))
    return sorted(set(raw) & set(allowed))


def save_profile(actor: User | None, user: User, levels, mentoring: dict) -> None:
    """The profile page: self-assessment and opt-ins checked together, saved together or not at all."""
    errors: dict[str, str] = {}
    with write():
        try:
            new_levels = set_skill_levels(actor, user, levels)
        except Invalid as exc:
            errors.update(exc.fields)
            new_levels = None
        try:
            set_mentoring(actor, user, mentoring, levels=new_levels)
        except Invalid as exc:
            errors.update(exc.fields)
        if errors:
            raise Invalid(fields=errors)


def set_mentoring(actor: User | None, user: User, data: dict, *, levels: dict[str, int] | None = None
                  ) -> MentoringProfile:
    """Opt in or out as mentor (with capacity) and as mentee (with goals).

    A goal's target must be above the member's current level: ``levels`` when
    given (the same form also changes them), else the stored self-assessment.
    """
    _own_or_admin(_member(actor), user)
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors: dict[str, str] = {}
    known = skills_by_slug()
    mentor, mentee = data.get("mentor"), data.get("mentee")
    capacity = None
    if mentor is not None:
        if not isinstance(mentor, dict):
            errors["mentor"] = _("Give {capacity: 1..10} or null.")
        else:
            capacity = _whole(mentor.get("capacity"), 1, 10)
            if capacity is None:
                errors["mentor.capacity"] = _("How many mentees at once: 1 to 10.")
    goals: dict[str, int] = {}
    if mentee is not None:
        if not isinstance(mentee, dict):
            errors["mentee"] = _("Give {goals: {skill: target}} or null.")
        else:
            stored_goals = goals_of(user)
            goals = _levels(mentee.get("goals"), 1, 4, known, errors, "mentee.goals", stored_goals)
            # Goals in retired skills stay while the member stays a mentee, like their levels.
            goals.update({s: t for s, t in stored_goals.items() if known[s].retired})
            current = levels if levels is not None else skill_levels(user)
            for slug, target in goals.items():
                if target <= current.get(slug, 0):
                    errors[f"mentee.goals.{slug}"] = _(
                        "%(skill)s: the target must be above your current level (%(level)d).",
                        skill=known[slug].name, level=current.get(slug, 0))
            if not goals and "mentee.goals" not in errors and not any(k.startswith("mentee.goals.") for k in errors):
                errors["mentee.goals"] = _("Choose at least one skill you want to grow.")
    languages = _codes(data.get("languages", ["id"]), LANGUAGES, errors, "languages")
    if "languages" not in errors and not languages:
        errors["languages"] = _("Choose at least one language.")
    availability = _codes(data.get("availability", []), SLOTS, errors, "availability")
    supervisor = None
    if data.get("supervisor"):
        from forum.accounts.services import user_by_username

        supervisor = user_by_username(data["supervisor"])
        if supervisor is None or supervisor.id == user.id:
            errors["supervisor"] = _("No such user.")
    if errors:
        raise Invalid(fields=errors)
    with write():
        profile = db.session.get(MentoringProfile, user.id) or MentoringProfile(user_id=user.id)
        profile.mentor_capacity = capacity
        profile.wants_mentor = mentee is not None
        profile.languages = ",".join(languages)
        profile.availability = ",".join(availability)
        profile.supervisor_id = supervisor.id if supervisor else None
        profile.updated_at = utcnow()
        db.session.add(profile)
        db.session.execute(delete(MenteeGoal).where(MenteeGoal.user_id == user.id))
        db.session.add_all(MenteeGoal(user_id=user.id, skill_id=known[s].id, target=t) for s, t in goals.items())
    return profile


# -- mentorships --------------------------------------------------------------------

def get_mentorship(user: User | None, mentorship_id) -> Mentorship:
    mentorship_id = record_id(mentorship_id)
    mentorship = db.session.get(Mentorship, mentorship_id) if mentorship_id else None
    if mentorship is None or not can_view_mentorship(user, mentorship):
        raise NotFound(_("No such mentorship."))
    return mentorship


def mentorships_of(user: User) -> list[Mentorship]:
    query = (select(Mentorship).where(or_(Mentorship.mentor_id == user.id, Mentorship.mentee_id == user.id))
             .order_by(Mentorship.created_at.desc(), Mentorship.id.desc()))
    return list(db.session.scalars(query))


def load_of(mentor_ids) -> dict[int, int]:
    """How many proposed or active mentorships each mentor has."""
    rows = db.session.execute(
        select(Mentorship.mentor_id, func.count()).where(Mentorship.state.in_(OPEN_STATES))
        .where(Mentorship.mentor_id.in_(list(mentor_ids))).group_by(Mentorship.mentor_id)
    )
    return dict(rows.all())


def _locked(mentorship_id: int) -> Mentorship:
    query = select(Mentorship).where(Mentorship.id == mentorship_id)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update()
    return db.session.scalars(query).one()


def _party_or_refuse(user: User, mentorship: Mentorship) -> str:
    party = mentorship.party(user)
    if party is None:
        raise NotAllowed(_("Only the mentor and the mentee can do that."))
    return party


def accept(user: User | None, mentorship_id) -> Mentorship:
    """One side accepts a proposal; when both have, the mentorship starts."""
    user = _member(user)
    mentorship = get_mentorship(user, mentorship_id)
    _party_or_refuse(user, mentorship)
    with write():
        m = _locked(mentorship.id)
        party = m.party(user)
        if m.state != "proposed":
            raise Conflict(_("This mentorship is %(state)s, not waiting for an answer.", state=state_label(m.state)))
        now = utcnow()
        if party == "mentor":
            m.mentor_accepted_at = m.mentor_accepted_at or now
        else:
            m.mentee_accepted_at = m.mentee_accepted_at or now
        if m.mentor_accepted_at and m.mentee_accepted_at:
            _start(m, now)
        _changed(m, "active" if m.state == "active" else "accepted", user)
    return m


def _changed(m: Mentorship, event: str, actor: User | None) -> None:
    """Tell listeners (notifications) once the change commits."""
    send_after_commit(mentorship_changed, mentorship_id=m.id, event=event, actor_id=actor.id if actor else None)


def _start(m: Mentorship, now) -> None:
    m.state, m.started_at = "active", now
    known = {s.slug: s for s in skills()}
    lines = []
    for cover in m.covered:
        skill = known.get(cover["skill"])
        if skill is None:
            continue
        m.goals.append(MentorshipGoal(skill_id=skill.id, start_level=cover["current"], target=cover["target"]))
        lines.append(f"- {skill.name_id} / {skill.name_en}: {cover['current']} → {cover['target']}")
    body = _("Welcome to your mentorship, %(mentee)s and %(mentor)s. Only the two of you (and the network's "
             "admins) can read this thread.", mentee=m.mentee.display_name, mentor=m.mentor.display_name)
    body += "\n\n" + _("Goals:") + "\n\n" + "\n".join(lines or ["-"])
    title = _("Mentoring: %(mentor)s & %(mentee)s", mentor=m.mentor.display_name, mentee=m.mentee.display_name)
    thread = board.create_private_thread(m.mentor, [m.mentor, m.mentee], "mentoring", title[:160], body)
    m.thread_id = thread.id


def decline(user: User | None, mentorship_id) -> Mentorship:
    """Either side declines a proposal: the slot frees, the pair is not proposed again."""
    user = _member(user)
    mentorship = get_mentorship(user, mentorship_id)
    _party_or_refuse(user, mentorship)
    with write():
        m = _locked(mentorship.id)
        if m.state != "proposed":
            raise Conflict(_("This mentorship is %(state)s, not waiting for an answer.", state=state_label(m.state)))
        m.state, m.declined_by_id, m.ended_at = "declined", user.id, utcnow()
        _changed(m, "declined", user)
    return m


def add_checkin(user: User | None, mentorship_id, happened_on, note) -> CheckIn:
    """Record a meeting or progress note in an active mentorship."""
    user = _member(user)
    mentorship = get_mentorship(user, mentorship_id)
    _party_or_refuse(user, mentorship)
    errors: dict[str, str] = {}
    day = _day(happened_on, errors)
    if not isinstance(note, str) or not note.strip():
        errors["note"] = _("Write what you did or agreed.")
    elif len(note) > NOTE_MAX:
        errors["note"] = _("At most %(n)d characters.", n=NOTE_MAX)
    if errors:
        raise Invalid(fields=errors)
    with write():
        m = _locked(mentorship.id)
        if m.state != "active":
            raise Conflict(_("Check-ins belong to active mentorships."))
        checkin = CheckIn(mentorship_id=m.id, author_id=user.id, happened_on=day, note=note.strip())
        db.session.add(checkin)
    return checkin


def _day(raw, errors: dict) -> date | None:
    if isinstance(raw, date):
        day = raw
    else:
        try:
            day = date.fromisoformat(str(raw))
        except ValueError:
            errors["happened_on"] = _("A date like 2026-11-28.")
            return None
    if day > utcnow().date() or day.year < 2000:
        errors["happened_on"] = _("The date cannot be in the future.")
    return day


def complete(user: User | None, mentorship_id, rating, comment, end_levels=None) -> Mentorship:
    """Give feedback (1..5 and a comment); the first one completes the mentorship.

    The mentee also records the level they reached in each goal, which updates
    their skill profile.
    """
    user = _member(user)
    mentorship = get_mentorship(user, mentorship_id)
    party = _party_or_refuse(user, mentorship)
    errors: dict[str, str] = {}
    stars = _whole(rating, 1, 5)
    if stars is None:
        errors["rating"] = _("A rating from 1 to 5.")
    if comment is not None and not isinstance(comment, str):
        errors["comment"] = _("Must be text.")
    elif comment and len(comment) > NOTE_MAX:
        errors["comment"] = _("At most %(n)d characters.", n=NOTE_MAX)
    levels = {}
    if party == "mentee" and end_levels is not None:
        levels = _levels(end_levels, 0, 4, skills_by_slug(), errors, "end_levels")
    if errors:
        raise Invalid(fields=errors)
    with write():
        m = _locked(mentorship.id)
        if m.state not in ("active", "completed"):
            raise Conflict(_("Only an active mentorship can be completed."))
        if getattr(m, f"{party}_rating") is not None:
            raise Conflict(_("You already gave your feedback."))
        setattr(m, f"{party}_rating", stars)
        setattr(m, f"{party}_comment", (comment or "").strip())
        if m.state == "active":
            m.state, m.ended_at = "completed", utcnow()
            _changed(m, "completed", user)
        if party == "mentee":
            _record_levels(m, levels)
    return m


def _record_levels(m: Mentorship, levels: dict[str, int]) -> None:
    known = skills_by_slug()
    for goal in m.goals:
        slug = goal.skill.slug
        if slug in levels:
            goal.end_level = levels[slug]
            row = db.session.get(UserSkill, (m.mentee_id, known[slug].id))
            if row is None:
                db.session.add(UserSkill(user_id=m.mentee_id, skill_id=known[slug].id, level=levels[slug]))
            else:
                row.level = levels[slug]


def end(user: User | None, mentorship_id) -> Mentorship:
    """Stop an active mentorship early (either side, or a moderator)."""
    user = _member(user)
    mentorship = get_mentorship(user, mentorship_id)
    if mentorship.party(user) is None and not user.is_moderator:
        raise NotAllowed()
    with write():
        m = _locked(mentorship.id)
        if m.state != "active":
            raise Conflict(_("Only an active mentorship can be ended."))
        m.state, m.ended_at = "ended", utcnow()
        _changed(m, "ended", user)
    return m


def state_label(state: str) -> str:
    return {"proposed": _("proposed"), "active": _("active"), "declined": _("declined"),
            "completed": _("completed"), "ended": _("ended")}.get(state, state)


def programme_stats() -> dict:
    """The numbers on the moderators' programme page."""
    waiting_ids = set(db.session.scalars(
        select(MentoringProfile.user_id).where(MentoringProfile.wants_mentor)
        .where(MentoringProfile.user_id.in_(select(MenteeGoal.user_id)))))
    busy = set(db.session.scalars(select(Mentorship.mentee_id).where(Mentorship.state.in_(OPEN_STATES))))
    waiting = [u for u in db.session.scalars(select(User).where(User.id.in_(list(waiting_ids - busy)))
                                             .order_by(User.display_name))]
    mentors = list(db.session.scalars(select(MentoringProfile).where(MentoringProfile.mentor_capacity > 0)))
    load = load_of([m.user_id for m in mentors])
    counts = dict(db.session.execute(select(Mentorship.state, func.count()).group_by(Mentorship.state)).all())
    ratings = [r for pair in db.session.execute(
        select(Mentorship.mentor_rating, Mentorship.mentee_rating).where(Mentorship.state == "completed"))
        for r in pair if r is not None]
    return {
        "waiting": waiting,
        "mentors": len(mentors),
        "capacity": sum(m.mentor_capacity for m in mentors),
        "capacity_left": sum(max(m.mentor_capacity - load.get(m.user_id, 0), 0) for m in mentors),
        "states": {state: counts.get(state, 0) for state in ("proposed", "active", "declined", "completed", "ended")},
        "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "ratings": len(ratings),
    }


def open_mentorships(limit: int = 50) -> list[Mentorship]:
    query = (select(Mentorship).where(Mentorship.state.in_(("proposed", "active")))
             .order_by(Mentorship.created_at.desc()).limit(limit))
    return list(db.session.scalars(query))
