"""JSON routes for administering categories: add one, change one (admins; others 403)."""

from __future__ import annotations

from flask import jsonify

from forum.api import bp, created, json_body
from forum.board import categories
from forum.board.api import category_json
from forum.board.models import CATEGORY_KINDS
from forum.current import signed_in
from forum.openapi import BOOL, STR, obj, op, path_param, ref


@bp.post("/categories")
def create_category():
    """Add a category at the end of the index (admins): ``{slug, name, name_en?, description, description_en?, kind}``."""
    return created(category_json(categories.create(signed_in(), json_body())))


@bp.patch("/categories/<slug>")
def change_category(slug):
    """Rename, describe, reorder, re-kind, archive or unarchive a category (admins)."""
    return jsonify(category_json(categories.change(signed_in(), slug, json_body())))


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_SLUG = path_param("slug", STR, "the category's slug")
_NAME = {"type": "string", "minLength": 1, "maxLength": categories.NAME_MAX}
_NAME_EN = {"type": "string", "maxLength": categories.NAME_MAX}
_TEXT = {"type": "string", "minLength": 1, "maxLength": categories.DESCRIPTION_MAX}
_TEXT_EN = {"type": "string", "maxLength": categories.DESCRIPTION_MAX}
_KIND = {"type": "string", "enum": list(CATEGORY_KINDS)}

SCHEMAS: dict = {}

PATHS = {
    "/api/v1/categories": {"post": op(
        "Add a category at the end of the index (admins; others 403). A slug already used is a 409.",
        ok=201, answer=ref("Category"), tag="admin", errors=(409,),
        body=obj({"slug": {"type": "string", "pattern": categories.SLUG_RE.pattern, "maxLength": 64},
                  "name": _NAME, "description": _TEXT, "kind": _KIND},
                 {"name_en": _NAME_EN, "description_en": _TEXT_EN}))},
    "/api/v1/categories/{slug}": {"patch": op(
        "Change a category (admins; others 403): only the fields given. An archived category keeps its "
        "threads readable and refuses new ones; categories are never deleted.",
        answer=ref("Category"), tag="admin", params=(_SLUG,), errors=(404,),
        body=obj({}, {"name": _NAME, "name_en": _NAME_EN, "description": _TEXT, "description_en": _TEXT_EN,
                      "position": {"type": "integer", "minimum": 0, "maximum": categories.POSITION_MAX},
                      "archived": BOOL, "kind": _KIND}))},
}
