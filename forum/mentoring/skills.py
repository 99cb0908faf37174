"""The skill taxonomy in the database: loading it, resolving slugs and aliases, and the admin's changes."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select

from forum.accounts.models import User
from forum.database import write
from forum.errors import Conflict, Invalid, NotFound
from forum.extensions import db
from forum.mentoring import taxonomy
from forum.mentoring.models import Skill, SkillAlias

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load() -> int:
    """Add the taxonomy's skills and aliases that are missing; returns how many skills were added.

    Skills already there keep their names, area and retirement (an admin may have changed them).
    """
    known = {s.slug: s for s in db.session.scalars(select(Skill))}
    aliases = set(db.session.scalars(select(SkillAlias.slug)))
    added = 0
    with write():
        for s in taxonomy.SKILLS:
            if s["slug"] not in known:
                known[s["slug"]] = Skill(**s)
                db.session.add(known[s["slug"]])
                added += 1
        db.session.flush()
        for old, new in taxonomy.ALIASES.items():
            if old not in aliases and old not in known and new in known:
                db.session.add(SkillAlias(slug=old, skill_id=known[new].id))
    return added


def all_skills() -> list[Skill]:
    """Every skill, retired ones too, area by area in the standard's order."""
    order = {a: i for i, a in enumerate(taxonomy.AREA_SLUGS)}
    return sorted(db.session.scalars(select(Skill)), key=lambda s: (order.get(s.area, 99), s.id))


def resolver() -> dict[str, Skill]:
    """Every slug a client may send, aliases included, to its skill."""
    known = {s.slug: s for s in db.session.scalars(select(Skill))}
    by_id = {s.id: s for s in known.values()}
    for alias in db.session.scalars(select(SkillAlias)):
        if alias.slug not in known and alias.skill_id in by_id:
            known[alias.slug] = by_id[alias.skill_id]
    return known


def aliases() -> dict[str, list[str]]:
    """Skill slug -> its older slugs."""
    out: dict[str, list[str]] = {}
    for slug, alias in db.session.execute(select(Skill.slug, SkillAlias.slug).join(Skill,
                                                                                    Skill.id == SkillAlias.skill_id)):
        out.setdefault(slug, []).append(alias)
    return out


# -- the admin's changes ----------------------------------------------------------------

def _admin(actor: User | None) -> None:
    from forum.accounts.services import require_admin

    require_admin(actor)


def _name(data: dict, key: str, errors: dict) -> str | None:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 160:
        errors[key] = _("Give a name of 1 to 160 characters.")
        return None
    return value.strip()


def add_skill(actor: User | None, data) -> Skill:
    """Add a skill under one of the standard's functions."""
    _admin(actor)
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors: dict[str, str] = {}
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 64:
        errors["slug"] = _("Use lowercase letters, digits and hyphens.")
    name_id, name_en = _name(data, "name_id", errors), _name(data, "name_en", errors)
    area = data.get("area")
    if area not in taxonomy.AREA_SLUGS:
        errors["area"] = _("Choose one of: %(areas)s", areas=", ".join(taxonomy.AREA_SLUGS))
    if errors:
        raise Invalid(fields=errors)
    with write():
        if (db.session.scalar(select(Skill.id).where(Skill.slug == slug))
                or db.session.get(SkillAlias, slug) is not None):
            raise Conflict(_("A skill with this slug exists already."), fields={"slug": _("Taken.")})
        skill = Skill(slug=slug, name_id=name_id, name_en=name_en, area=area, retired=False)
        db.session.add(skill)
    return skill


def update_skill(actor: User | None, slug: str, data) -> Skill:
    """Rename a skill, move it to another function, retire it or bring it back."""
    _admin(actor)
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors: dict[str, str] = {}
    changes = {}
    for key in ("name_id", "name_en"):
        if key in data:
            changes[key] = _name(data, key, errors)
    if "area" in data:
        if data["area"] not in taxonomy.AREA_SLUGS:
            errors["area"] = _("Choose one of: %(areas)s", areas=", ".join(taxonomy.AREA_SLUGS))
        changes["area"] = data["area"]
    if "retired" in data:
        if not isinstance(data["retired"], bool):
            errors["retired"] = _("Give true or false.")
        changes["retired"] = data["retired"]
    if not changes and not errors:
        errors["retired"] = _("Give retired, name_id, name_en or area.")
    if errors:
        raise Invalid(fields=errors)
    with write():
        skill = resolver().get(slug) if isinstance(slug, str) else None
        if skill is None:
            raise NotFound(_("No such skill."))
        for key, value in changes.items():
            setattr(skill, key, value)
    return skill


def for_admin(actor: User | None) -> list[tuple[str, list[Skill]]]:
    """The admin's skills page: every skill, retired ones too, grouped by SKKNI function."""
    _admin(actor)
    groups: dict[str, list[Skill]] = {area: [] for area in taxonomy.AREA_SLUGS}
    for skill in all_skills():
        groups.setdefault(skill.area, []).append(skill)
    return list(groups.items())
