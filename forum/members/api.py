"""JSON route of the directory: ``GET /api/v1/users`` (members: the directory; admins: every account)."""

from __future__ import annotations

from flask import jsonify, request

from forum.accounts.models import ROLES
from forum.api import bp, page_arg
from forum.current import signed_in
from forum.members import services
from forum.openapi import BOOL, PAGE_PARAM, STR, TIME, array, obj, op, page_of, query_param, ref


@bp.get("/users")
def users():
    """A page of members by name: the directory for members, every account (with email) for admins."""
    viewer = signed_in()
    page = services.search(viewer, services.Filters.from_args(request.args), page_arg())
    return jsonify(page.to_dict(lambda entry: services.entry_json(entry, viewer)))


# -- OpenAPI description of the route above (assembled by forum.openapi) -------------

_TRUTH = {"type": "string", "enum": sorted(services.TRUTH)}

SCHEMAS = {
    "Member": {"allOf": [ref("PublicUser"), obj(
        {"region_name": STR, "mentor_available": {**BOOL, "description": "mentors, with room for a mentee now"},
         "skills": array(obj({"slug": STR, "level": {"type": "integer", "minimum": 3, "maximum": 4}}))},
        {"email": {**STR, "description": "admins only"}, "suspended": {**BOOL, "description": "admins only"},
         "created_at": {**TIME, "description": "admins only"}})]},
}

PATHS = {
    "/api/v1/users": {"get": op(
        "A page of members, by name. Members get the directory: never suspended accounts, never email "
        "addresses; filtering by `role` or `suspended` is for admins (others 403). Admins see every account "
        "with its email. An unknown region, skill or role, or a bad level, is a 400.",
        answer=page_of(ref("Member")), tag="members",
        params=(query_param("q", {"type": "string", "maxLength": services.Q_MAX},
                            "part of a name, username or institution"),
                query_param("region", STR, "a region's slug"),
                query_param("skill", STR, "a skill's slug: members with at least `level` in it"),
                query_param("level", {"type": "integer", "minimum": 1, "maximum": 4},
                            "with `skill`: the lowest level (default 1)"),
                query_param("mentor", _TRUTH, "true: only mentors with room for a mentee now"),
                query_param("role", {"type": "string", "enum": list(ROLES)}, "admins only: one role"),
                query_param("suspended", _TRUTH, "admins only: true for suspended accounts, false for the others"),
                PAGE_PARAM),
        errors=())},
}


