"""JSON routes of accounts: registration, tokens, the signed-in user, regions."""

from __future__ import annotations

from flask import jsonify, request

from forum.accounts import regions as region_register
from forum.accounts import services
from forum.accounts.limits import sign_in_limits
from forum.api import bearer_token, bp, created, json_body
from forum.current import signed_in
from forum.extensions import limiter
from forum.openapi import INT, STR, TIME, array, nullable, obj, op, path_param, query_param, ref
from forum.ratelimits import profile_changes


@bp.post("/users")
@limiter.limit("10 per hour")
def create_user():
    """Register an account."""
    user = services.register(json_body())
    return created(user.to_private())


@bp.post("/tokens")
@limiter.limit("20 per minute")
@sign_in_limits
def create_token():
    """Trade a username and password for a bearer token."""
    data = json_body()
    user = services.authenticate(data.get("username"), data.get("password"))
    token, expires = services.issue_token(user)
    return created({"token": token, "expires_at": expires.isoformat()})


@bp.delete("/tokens/current")
def delete_token():
    """Revoke the token this request carries."""
    signed_in()
    token = bearer_token()
    if token:
        services.revoke_token(token)
    return "", 204


@bp.get("/me")
def me():
    """The signed-in user."""
    return jsonify(signed_in().to_private())


@bp.patch("/me")
@profile_changes
def update_me():
    """Change the signed-in user's profile."""
    user = signed_in()
    return jsonify(services.update_profile(user, user, json_body()).to_private())


@bp.get("/users/<username>")
def show_user(username):
    """A public profile."""
    return jsonify(services.get_user_or_404(username).to_public())


@bp.get("/regions")
def regions():
    """Every province, regency and city; or, with ?province=CODE, one province's regencies and cities."""
    province = request.args.get("province")
    return jsonify([r.to_dict() for r in region_register.regions(province)])


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

EMAIL_NOTIFICATIONS = {"type": "string", "enum": ["immediate", "daily", "weekly", "off"],
                       "description": "Notifications by mail: each one (gathered, at most one mail per "
                                      "MAIL_BATCH_SECONDS), a daily or weekly digest, or none."}
_PROFILE_FIELDS = {"display_name": STR, "institution": STR, "region": STR}

SCHEMAS = {
    "PublicUser": obj({"id": INT, "username": STR, "display_name": STR, "region": STR, "institution": STR,
                       "role": {"type": "string", "enum": ["member", "moderator", "admin"]}}),
    "User": {"allOf": [ref("PublicUser"), obj({"email": STR, "locale": nullable(STR), "timezone": STR,
                                               "email_notifications": EMAIL_NOTIFICATIONS, "created_at": TIME})]},
    "Region": obj({"slug": STR, "name": STR, "province": STR,
                   "code": nullable({"type": "string", "description": "Kemendagri's code: 13, 13.75"}),
                   "kind": {"type": "string", "enum": ["province", "regency", "city"]}}),
    "Token": obj({"token": STR, "expires_at": TIME}),
}

PATHS = {
    "/api/v1/users": {"post": op(
        "Register an account.", ok=201, answer=ref("User"), auth="none", tag="accounts", errors=(409,),
        body=obj({"username": {"type": "string", "pattern": "^[A-Za-z0-9._-]{3,32}$"},
                  "email": {"type": "string", "format": "email"},
                  "password": {"type": "string", "minLength": 10}, "region": STR},
                 {"display_name": STR, "institution": STR}))},
    "/api/v1/tokens": {"post": op(
        "Trade a username and password for a bearer token.", ok=201, answer=ref("Token"), auth="none",
        tag="accounts", errors=(403,), body=obj({"username": STR, "password": STR}))},
    "/api/v1/tokens/current": {"delete": op("Revoke the token this request carries.", ok=204, tag="accounts")},
    "/api/v1/me": {
        "get": op("The signed-in user.", answer=ref("User"), tag="accounts"),
        "patch": op("Change the signed-in user's profile.", answer=ref("User"), tag="accounts",
                    body=obj({}, {**_PROFILE_FIELDS, "bio": STR, "timezone": STR,
                                  "locale": nullable({"type": "string", "enum": ["id", "en"],
                                                      "description": "The language of pages and mails."}),
                                  "email_notifications": EMAIL_NOTIFICATIONS})),
    },
    "/api/v1/users/{username}": {"get": op(
        "A public profile.", answer=ref("PublicUser"), auth="optional", tag="accounts", errors=(404,),
        params=(path_param("username", STR),))},
    "/api/v1/regions": {"get": op(
        "Every province, regency and city (not paged); members live in a regency or city.",
        answer=array(ref("Region")), auth="none", tag="accounts", errors=(404,),
        params=(query_param("province", {"type": "string", "pattern": "^[0-9]{2}$"},
                            "a province's code: only its regencies and cities"),))},
}
