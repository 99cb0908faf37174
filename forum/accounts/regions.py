"""Regions of Indonesia: the vendored Kemendagri register, how it is loaded, and the admin's changes.

The register (``data/provinces.csv``, ``data/regencies.csv``; source and date in
``data/README.md``) gives every province, regency (kabupaten) and city (kota) its
code. Slugs follow the names: a city is its bare name (``bukittinggi``), a regency
keeps its word (``kabupaten-agam``), a province gets one (``provinsi-sumatera-barat``);
the few slugs that API clients knew before the register keep their old spelling
(``LEGACY_SLUGS``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import insert, or_, select

from forum.accounts.models import REGION_KINDS, Region, User
from forum.database import write
from forum.errors import Conflict, Invalid, NotFound
from forum.extensions import db

DATA = Path(__file__).parent / "data"
# Slugs in use before the register, whose rule-made slug would differ: Jakarta was one region,
# now the province's five cities and a regency; its members are placed in Jakarta Pusat.
LEGACY_SLUGS = {"31.71": "jakarta"}
CODE_RE = re.compile(r"^\d{2}(\.\d{2})?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """``"Kabupaten Lima Puluh Kota"`` -> ``"kabupaten-lima-puluh-kota"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _city_name(official: str) -> str:
    """Cities are named bare, as people say them ("Padang"); the kind says they are a kota."""
    for prefix in ("Kota Administrasi ", "Kota "):
        if official.startswith(prefix):
            return official[len(prefix):]
    return official


@cache
def register() -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """The provinces and the regencies and cities of the vendored register, as row dicts."""
    with open(DATA / "provinces.csv", encoding="utf-8", newline="") as f:
        provinces = tuple({"code": r["code"], "name": r["name"], "province": r["name"], "kind": "province",
                           "slug": "provinsi-" + slugify(r["name"])} for r in csv.DictReader(f))
    names = {p["code"]: p["name"] for p in provinces}
    places = []
    with open(DATA / "regencies.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            city = r["name"].startswith("Kota ")
            name = _city_name(r["name"]) if city else r["name"]
            places.append({"code": r["code"], "name": name, "province": names[r["province_code"]],
                           "kind": "city" if city else "regency", "province_code": r["province_code"],
                           "slug": LEGACY_SLUGS.get(r["code"]) or slugify(name)})
    return provinces, tuple(places)


def load() -> int:
    """Add the register's regions that are missing (by code, or by slug for older rows); returns how many.

    Rows already there keep their names (an admin may have renamed them); older rows
    without a code get theirs, and every region its province link.
    """
    provinces, places = register()
    existing = {r.slug: r for r in db.session.scalars(select(Region))}
    by_code = {r.code: r for r in existing.values() if r.code}
    added = 0
    with write():
        for rows in (provinces, places):
            new = []
            parents = {r.code: r.id for r in db.session.scalars(select(Region).where(Region.kind == "province"))}
            for row in rows:
                values = {k: row[k] for k in ("slug", "name", "province", "code", "kind")}
                values["parent_id"] = parents.get(row.get("province_code"))
                found = by_code.get(row["code"]) or existing.get(row["slug"])
                if found is None:
                    new.append(values)
                elif found.code is None or found.parent_id is None:
                    found.code, found.kind = row["code"], row["kind"]
                    found.parent_id = values["parent_id"]
            if new:
                db.session.execute(insert(Region), new)
                added += len(new)
            db.session.flush()
    return added


# -- reading -------------------------------------------------------------------------

def regions(province: str | None = None) -> list[Region]:
    """Every region, province by province (each province first); or one province's regencies and cities."""
    query = select(Region)
    if province is not None:
        parent = db.session.scalar(select(Region).where(Region.code == province, Region.kind == "province"))
        if parent is None:
            raise NotFound(_("No such province."))
        query = query.where(Region.parent_id == parent.id)
    rows = db.session.scalars(query)
    return sorted(rows, key=lambda r: (r.province, r.kind != "province", r.code or "~", r.name))


def with_members() -> list[Region]:
    """The regions some member lives in, with their provinces, in ``regions()``'s order: the choices of
    the lists' and search's "author's region" filter (every one of 552 would make each page 40 KB longer,
    and most would find nobody)."""
    from forum.accounts.models import User

    lived_in = select(User.region_id).distinct()
    query = select(Region).where(or_(Region.id.in_(lived_in),
                                     Region.id.in_(select(Region.parent_id).where(Region.id.in_(lived_in)))))
    return sorted(db.session.scalars(query), key=lambda r: (r.province, r.kind != "province", r.code or "~", r.name))


def provinces() -> list[Region]:
    return list(db.session.scalars(select(Region).where(Region.kind == "province").order_by(Region.code)))


def by_province() -> list[tuple[Region, list[Region]]]:
    """Each province with its regencies and cities: the register's order (regencies, then cities, by code)."""
    groups: dict[int, list[Region]] = {}
    rows = list(db.session.scalars(select(Region).where(Region.kind != "province")))
    for r in sorted(rows, key=lambda r: (r.code or "~", r.name)):
        groups.setdefault(r.parent_id, []).append(r)
    return [(p, groups.get(p.id, [])) for p in provinces()]


def home_region(slug) -> Region | None:
    """The regency or city a member may live in, by slug; None for a province or an unknown slug."""
    if not isinstance(slug, str):
        return None
    region = db.session.scalar(select(Region).where(Region.slug == slug))
    return region if region is not None and region.kind != "province" else None


# -- the admin's changes ----------------------------------------------------------------

def _admin(actor: User | None) -> None:
    from forum.accounts.services import require_admin

    require_admin(actor)


def _text(data: dict, key: str, errors: dict, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 120:
        errors[key] = _("Give a name of 1 to 120 characters.")
        return None
    return value.strip()


def add_region(actor: User | None, data) -> Region:
    """Add a regency or city to a province (a new one the register does not have yet)."""
    _admin(actor)
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors: dict[str, str] = {}
    name = _text(data, "name", errors, required=True)
    kind = data.get("kind")
    if kind not in REGION_KINDS[1:]:
        errors["kind"] = _("Choose regency or city.")
    parent = None
    province = data.get("province")
    if isinstance(province, str):
        parent = db.session.scalar(select(Region).where(Region.code == province, Region.kind == "province"))
    if parent is None:
        errors["province"] = _("Choose a province from the list.")
    code = data.get("code") or None
    if code is not None and (not isinstance(code, str) or not CODE_RE.match(code) or "." not in code
                             or (parent is not None and not code.startswith(parent.code + "."))):
        errors["code"] = _("Give the Kemendagri code of the province's regency or city, e.g. 13.75.")
    slug = data.get("slug") or (slugify(name if kind != "regency" or name.startswith("Kabupaten") else
                                        f"Kabupaten {name}") if name else "")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 64:
        errors["slug"] = _("Use lowercase letters, digits and hyphens.")
    if errors:
        raise Invalid(fields=errors)
    with write():
        if db.session.scalar(select(Region.id).where(Region.slug == slug)):
            raise Conflict(_("A region with this slug exists already."), fields={"slug": _("Taken.")})
        if code and db.session.scalar(select(Region.id).where(Region.code == code)):
            raise Conflict(_("A region with this code exists already."), fields={"code": _("Taken.")})
        region = Region(slug=slug, name=name, province=parent.name, code=code, kind=kind, parent_id=parent.id)
        db.session.add(region)
    return region


def rename_region(actor: User | None, slug: str, data) -> Region:
    """Rename a region; renaming a province renames it on its regencies and cities too."""
    _admin(actor)
    if not isinstance(data, dict):
        raise Invalid(_("The body must be a JSON object."))
    errors: dict[str, str] = {}
    name = _text(data, "name", errors, required=True)
    if errors:
        raise Invalid(fields=errors)
    with write():
        region = db.session.scalar(select(Region).where(Region.slug == slug))
        if region is None:
            raise NotFound(_("No such region."))
        region.name = name
        if region.kind == "province":
            region.province = name
            for child in db.session.scalars(select(Region).where(Region.parent_id == region.id)):
                child.province = name
    return region


def for_admin(actor: User | None, province: str | None = None) -> tuple[list[tuple[Region, int]], Region | None,
                                                                        list[Region]]:
    """The admin's regions page: every province with how many places it has, and the chosen one's places."""
    _admin(actor)
    groups = by_province()
    chosen = None
    if province:
        chosen = next((p for p, _places in groups if p.code == province), None)
        if chosen is None:
            raise NotFound(_("No such province."))
    places = next((places for p, places in groups if p is chosen), [])
    return [(p, len(ps)) for p, ps in groups], chosen, places
