"""The board's rules for administering categories (admins): add, rename and describe (id and en), reorder,
kind, archive. The admin capability's pages and API call these: the board's rows change only here.

No delete: a category that is no longer wanted is archived, its threads stay readable and it
takes no new ones. Every change bumps the category's ``revision``, which keys the cached index,
lists and searches (``board.services.categories_version``), so every process shows it at once.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forum.accounts.models import User
from forum.accounts.services import require_admin
from forum.board.models import CATEGORY_KINDS, Category
from forum.board.services import category_by_slug
from forum.database import write
from forum.errors import Conflict, Invalid
from forum.extensions import db

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
NAME_MAX = 120
DESCRIPTION_MAX = 2000
POSITION_MAX = 10_000
# What PATCH may change; every other key of the body is ignored.
FIELDS = ("name", "name_en", "description", "description_en", "position", "archived", "kind")


def listing(actor: User | None) -> list[Category]:
    """Every category, archived ones too, in the order of the index (admins)."""
    require_admin(actor)
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.name, Category.id)))


def get(actor: User | None, slug) -> Category:
    """One category to edit (admins); unknown slug is a 404."""
    require_admin(actor)
    return category_by_slug(slug)


def _text(data: dict, key: str, errors: dict, *, required: bool, max_len: int) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        errors[key] = _("Must be text.") if value is not None else _("This field is required.")
        return None
    value = value.strip() if key.startswith("name") else value.replace("\r\n", "\n").strip()
    if key.startswith("name"):
        value = " ".join(value.split())
    if required and not value:
        errors[key] = _("This field is required.")
    elif len(value) > max_len:
        errors[key] = _("At most %(n)d characters.", n=max_len)
    return value


def _kind(value, errors: dict) -> str | None:
    if value not in CATEGORY_KINDS:
        errors["kind"] = _("Choose one of: %(choices)s.", choices=", ".join(CATEGORY_KINDS))
        return None
    return value


def _slug(value, errors: dict) -> str:
    if not isinstance(value, str) or not value.strip():
        errors["slug"] = _("This field is required.")
        return ""
    slug = value.strip()
    if not SLUG_RE.match(slug):
        errors["slug"] = _("1 to 64 lowercase letters, digits or dashes, starting and ending with a letter or digit.")
    return slug


def create(actor: User | None, data: dict) -> Category:
    """Add a category at the end of the index; a slug already used is a conflict."""
    require_admin(actor)
    errors: dict[str, str] = {}
    slug = _slug(data.get("slug"), errors)
    name = _text(data, "name", errors, required=True, max_len=NAME_MAX)
    name_en = _text(data, "name_en", errors, required=False, max_len=NAME_MAX) or ""
    description = _text(data, "description", errors, required=True, max_len=DESCRIPTION_MAX)
    description_en = _text(data, "description_en", errors, required=False, max_len=DESCRIPTION_MAX) or ""
    kind = _kind(data.get("kind", "discussion"), errors)
    if errors:
        raise Invalid(fields=errors)
    taken = Conflict(_("A category with that slug already exists."), fields={"slug": _("That slug is taken.")})
    try:
        with write():
            if db.session.scalar(select(Category.id).where(Category.slug == slug)) is not None:
                raise taken
            last = db.session.scalar(select(func.max(Category.position)))
            category = Category(slug=slug, name=name, name_en=name_en, description=description,
                                description_en=description_en, kind=kind, archived=False,
                                position=(last + 1) if last is not None else 0, revision=1)
            db.session.add(category)
            db.session.flush()
    except IntegrityError:
        raise taken from None  # added by someone else between the check and the insert
    return category


def _clean_changes(data: dict) -> dict:
    errors: dict[str, str] = {}
    changes: dict = {}
    for key, required, max_len in (("name", True, NAME_MAX), ("name_en", False, NAME_MAX),
                                   ("description", True, DESCRIPTION_MAX),
                                   ("description_en", False, DESCRIPTION_MAX)):
        if key in data:
            value = _text(data, key, errors, required=required, max_len=max_len)
            if key not in errors:
                changes[key] = value or ""
    if "kind" in data:
        kind = _kind(data["kind"], errors)
        if kind is not None:
            changes["kind"] = kind
    if "archived" in data:
        if not isinstance(data["archived"], bool):
            errors["archived"] = _("true or false.")
        else:
            changes["archived"] = data["archived"]
    if "position" in data:
        position = data["position"]
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= POSITION_MAX:
            errors["position"] = _("A whole number from 0 to %(max)d.", max=POSITION_MAX)
        else:
            changes["position"] = position
    if errors:
        raise Invalid(fields=errors)
    return changes


def change(actor: User | None, slug, data: dict) -> Category:
    """Change what ``data`` names (name, name_en, description, description_en, position, archived, kind)."""
    require_admin(actor)
    changes = _clean_changes(data)
    with write():
        category = category_by_slug(slug)
        changed = {key: value for key, value in changes.items() if getattr(category, key) != value}
        if changed:
            for key, value in changed.items():
                setattr(category, key, value)
            category.revision += 1
    return category


def move(actor: User | None, slug, direction: str) -> Category:
    """Move a category one place up or down the index; positions are renumbered 0, 1, 2 ... on the way."""
    require_admin(actor)
    if direction not in ("up", "down"):
        raise Invalid(fields={"direction": _("up or down.")})
    with write():
        order = list(db.session.scalars(select(Category).order_by(Category.position, Category.name, Category.id)))
        category = category_by_slug(slug)
        at = next(i for i, c in enumerate(order) if c.id == category.id)
        to = at - 1 if direction == "up" else at + 1
        if 0 <= to < len(order):
            order[at], order[to] = order[to], order[at]
        for position, row in enumerate(order):
            if row.position != position:
                db.session.execute(update(Category).where(Category.id == row.id)
                                   .values(position=position, revision=Category.revision + 1))
    db.session.refresh(category)
    return category
