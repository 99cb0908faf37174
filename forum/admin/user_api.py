"""JSON route for administering accounts: change a role (admins). The list is ``GET /api/v1/users``."""

from __future__ import annotations

from flask import jsonify

from forum.accounts.models import ROLES
from forum.admin import users
from forum.api import bp, json_body
from forum.current import signed_in
from forum.openapi import STR, obj, op, path_param, ref


@bp.put("/users/<username>/role")
def set_role(username):
    """Give an account a role (admins): ``{role, reason?}``; the last admin cannot be demoted (409)."""
    data = json_body()
    return jsonify(users.change_role(signed_in(), username, data.get("role"), data.get("reason")).to_public())


# -- OpenAPI description of the route above (assembled by forum.openapi) -------------

SCHEMAS: dict = {}

PATHS = {
    "/api/v1/users/{username}/role": {"put": op(
        "Give an account a role (admins; others 403), logged in the moderation log. Demoting the last "
        "admin is a 409.", answer=ref("PublicUser"), tag="admin",
        params=(path_param("username", STR, "the account's username"),), errors=(404, 409),
        body=obj({"role": {"type": "string", "enum": list(ROLES)}},
                 {"reason": {"type": "string", "maxLength": users.REASON_MAX}}))},
}
