"""Rules of the member directory and of the admins' list of accounts: one search, two views.

Signed-in members search by name (or username), institution, region, skill (with a
minimum level) and mentor availability; they never see email addresses or
suspended accounts. Admins also filter by role and suspension and see email
addresses (``forum.admin.users`` builds its page on this).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload

from forum.accounts.models import ROLES, Region, User
from forum.accounts.services import region_by_slug, require_member
from forum.errors import Invalid, NotAllowed
from forum.extensions import db
from forum.mentoring.models import MentoringProfile, Mentorship, Skill, UserSkill
from forum.mentoring.services import OPEN_STATES
from forum.paging import Page

PER_PAGE = 20
Q_MAX = 100
LEVELS = range(1, 5)  # 1 beginner .. 4 can teach it (0 is "none": not a skill to find people by)
TRUTH = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
ADMIN_FILTERS = ("role", "suspended")


@dataclass
class Filters:
    """What a search of members is narrowed to, as given (strings from a query string or a form)."""

    q: str | None = None
    region: str | None = None
    skill: str | None = None
    level: str | None = None
    mentor: str | None = None
    role: str | None = None  # admins only
    suspended: str | None = None  # admins only

    @classmethod
    def from_args(cls, args) -> Filters:
        return cls(**{name: (args.get(name) or None) for name in cls.__dataclass_fields__})

    def args(self) -> dict[str, str]:
        """The filters that are set, for links to other pages of the same search."""
        return {name: value for name, value in asdict(self).items() if value}


@dataclass
class Entry:
    """One member in the results: the account, whether they can take a mentee now, their strongest skills."""

    user: User
    mentor_available: bool
    skills: list[tuple[Skill, int]]


def _truth(raw, field: str, errors: dict) -> bool | None:
    if raw is None:
        return None
    value = TRUTH.get(str(raw).strip().lower())
    if value is None:
        errors[field] = _("true or false.")
    return value


def _open_mentors():
    """SQL condition on ``User``: mentors (a capacity set) with room for one more mentee."""
    load = (select(func.count()).select_from(Mentorship)
            .where(Mentorship.mentor_id == User.id, Mentorship.state.in_(OPEN_STATES))
            .correlate(User).scalar_subquery())
    return exists().where(MentoringProfile.user_id == User.id, MentoringProfile.mentor_capacity > 0,
                          MentoringProfile.mentor_capacity > load)


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(viewer: User, f: Filters, errors: dict) -> list:
    admin = viewer.is_admin
    where = [User.deleted_at.is_(None)]  # a deleted account's personal data is gone: nobody lists it
    if not admin:
        used = [name for name in ADMIN_FILTERS if getattr(f, name)]
        if used:
            raise NotAllowed(_("Only admins filter members by role or suspension."))
        where.append(User.suspended.is_(False))
    if f.q:
        q = " ".join(f.q.split())
        if len(q) > Q_MAX:
            errors["q"] = _("At most %(n)d characters.", n=Q_MAX)
        elif q:
            pattern = _like(q)
            where.append(or_(User.username_key.like(pattern, escape="\\"),
                             func.lower(User.display_name).like(pattern, escape="\\"),
                             func.lower(User.institution).like(pattern, escape="\\")))
    if f.region:
        region = region_by_slug(f.region)
        if region is None:
            errors["region"] = _("No such region.")
        else:
            where.append(User.region_id == region.id)
    level = 1
    if f.level:
        try:
            level = int(f.level)
        except ValueError:
            level = 0
        if level not in LEVELS:
            errors["level"] = _("A level from 1 to 4.")
    if f.skill:
        skill = db.session.scalar(select(Skill).where(Skill.slug == f.skill))
        if skill is None:
            errors["skill"] = _("No such skill.")
        else:
            where.append(exists().where(UserSkill.user_id == User.id, UserSkill.skill_id == skill.id,
                                        UserSkill.level >= level))
    if _truth(f.mentor, "mentor", errors):
        where.append(_open_mentors())
    if f.role:
        if f.role not in ROLES:
            errors["role"] = _("Choose one of: %(choices)s.", choices=", ".join(ROLES))
        else:
            where.append(User.role == f.role)
    suspended = _truth(f.suspended, "suspended", errors)
    if suspended is not None:
        where.append(User.suspended.is_(suspended))
    return where


def search(viewer: User | None, filters: Filters | None = None, page: int = 1) -> Page:
    """A page of members matching ``filters``, by name: the directory for members, every account for admins.

    Members may not filter by role or suspension (403); a bad filter is a 400 naming it.
    """
    viewer = require_member(viewer)
    filters = filters or Filters()
    errors: dict[str, str] = {}
    where = _conditions(viewer, filters, errors)
    if errors:
        raise Invalid(_("Check the search."), fields=errors)
    query = select(User).where(*where)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = list(db.session.scalars(
        query.options(joinedload(User.region)).order_by(func.lower(User.display_name), User.id)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    return Page(_entries(rows), page, PER_PAGE, total)


def _entries(users: list[User]) -> list[Entry]:
    """The page's members with their availability and strongest skills: two queries for the whole page."""
    ids = [u.id for u in users]
    if not ids:
        return []
    available = set(db.session.scalars(select(User.id).where(User.id.in_(ids), _open_mentors())))
    skills: dict[int, list[tuple[Skill, int]]] = {uid: [] for uid in ids}
    rows = db.session.execute(
        select(UserSkill.user_id, Skill, UserSkill.level).join(Skill, Skill.id == UserSkill.skill_id)
        .where(UserSkill.user_id.in_(ids), UserSkill.level >= 3)
        .order_by(UserSkill.level.desc(), Skill.id))
    for uid, skill, level in rows:
        skills[uid].append((skill, level))
    return [Entry(u, u.id in available, skills[u.id][:5]) for u in users]


def entry_json(entry: Entry, viewer: User) -> dict:
    """One member as the API lists them; admins also get the email address, suspension and join date."""
    user = entry.user
    data = {**user.to_public(), "region_name": user.region.name, "mentor_available": entry.mentor_available,
            "skills": [{"slug": skill.slug, "level": level} for skill, level in entry.skills]}
    if viewer.is_admin:
        data.update(email=user.email, suspended=user.suspended, created_at=user.created_at.isoformat())
    return data


def choices() -> tuple[list[Region], list[Skill]]:
    """The search form's menus: regions and skills."""
    regions = list(db.session.scalars(select(Region).order_by(Region.province, Region.name)))
    skills = list(db.session.scalars(select(Skill).order_by(Skill.area, Skill.id)))
    return regions, skills
