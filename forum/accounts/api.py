"""JSON routes of accounts: registration, tokens, the signed-in user, regions."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from forum.accounts import personal, safety, services
from forum.accounts import regions as region_register
from forum.accounts.limits import per_reset_address, sign_in_limits
from forum.api import bearer_token, bp, created, json_body
from forum.current import signed_in
from forum.errors import Invalid
from forum.extensions import limiter
from forum.openapi import BOOL, INT, STR, TIME, array, nullable, obj, op, path_param, query_param, ref
from forum.ratelimits import account_changes, password_resets, profile_changes, verification_mails


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


@bp.put("/me/password")
@account_changes
def change_password():
    """Change the password, the current one asked; every token and session ends (sign in again)."""
    data = json_body()
    safety.change_password(signed_in(), data.get("current_password"), data.get("password"))
    return "", 204


@bp.put("/me/email")
@account_changes
def change_email():
    """Ask for a new address, the password asked; it takes effect when the link mailed to it is followed."""
    data = json_body()
    user = safety.change_email(signed_in(), data.get("password"), data.get("email"))
    return jsonify(user.to_private()), 202


@bp.post("/me/verification")
@verification_mails
def resend_verification():
    """Mail a new link confirming the account's address (or its pending new one)."""
    address = safety.resend_verification(signed_in())
    return jsonify({"sent_to": address}), 202


@bp.get("/me/export")
def export_me():
    """Everything the site holds about the signed-in member (UU 27/2022, GDPR)."""
    return jsonify(personal.export(signed_in()))


@bp.delete("/me")
@account_changes
def delete_me():
    """Delete the signed-in member's account, the password asked: personal data erased, sign-in refused."""
    data = json_body()
    remove = data.get("remove_posts", False)
    if not isinstance(remove, bool):
        raise Invalid(fields={"remove_posts": _("Must be true or false.")})
    personal.delete_account(signed_in(), data.get("password"), remove_posts=remove)
    return "", 204


@bp.post("/password-reset")
@password_resets
@per_reset_address
def request_password_reset():
    """Mail a reset link to the account with this address; 202 whether or not there is one."""
    safety.request_password_reset(json_body().get("email"))
    return jsonify({"message": _("If an account has that address, we sent it a link to choose a new password.")}), 202


@bp.post("/password-reset/<token>")
def reset_password(token):
    """Set a new password with the token of a reset mail: once, within the hour; every session ends."""
    safety.reset_password(token, json_body().get("password"))
    return jsonify({"message": _("Your password is changed. Sign in with the new one.")})


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
                                               "email_notifications": EMAIL_NOTIFICATIONS, "created_at": TIME},
                                              {"email_verified": BOOL, "pending_email": nullable(STR)})]},
    "Export": obj({"format": INT, "exported_at": TIME, "account": {"type": "object"}},
                  additionalProperties={"description": "One section per kind of data: threads, posts, reactions, "
                                                       "skills, mentoring_profile, mentee_goals, mentorships, "
                                                       "checkins, live_messages, live_questions, notifications, "
                                                       "watches, moderation_actions, mails, api_tokens, sign_ins."}),
    "Message": obj({"message": STR}),
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
        "delete": op("Delete the account, the password asked: personal data erased, sign-in refused; posts stay "
                     "under \"former member\" unless `remove_posts`.", ok=204, tag="accounts",
                     body=obj({"password": STR}, {"remove_posts": BOOL})),
    },
    "/api/v1/me/password": {"put": op(
        "Change the password, the current one asked; every token and session of the account ends.", ok=204,
        tag="accounts", body=obj({"current_password": STR, "password": {"type": "string", "minLength": 10}}))},
    "/api/v1/me/email": {"put": op(
        "Ask for a new address, the password asked: `pending_email` until the link mailed there is followed; "
        "the old address is told.", ok=202, answer=ref("User"), tag="accounts", errors=(409,),
        body=obj({"password": STR, "email": {"type": "string", "format": "email"}}))},
    "/api/v1/me/verification": {"post": op(
        "Mail a new link confirming the account's address (or its pending new one). Until an address is "
        "confirmed, with JEJARING_VERIFY_EMAIL, writes answer 403 with code `unverified`.", ok=202,
        answer=obj({"sent_to": STR}), tag="accounts", errors=(409,))},
    "/api/v1/me/export": {"get": op(
        "Everything the site holds about the signed-in member, as JSON (UU 27/2022, GDPR).",
        answer=ref("Export"), tag="accounts")},
    "/api/v1/password-reset": {"post": op(
        "Mail a reset link (one use, one hour) to the account with this address; the same 202 whether or "
        "not there is one.", ok=202, answer=ref("Message"), auth="none", tag="accounts",
        body=obj({"email": {"type": "string", "format": "email"}}))},
    "/api/v1/password-reset/{token}": {"post": op(
        "Set a new password with the token of a reset mail: once, within the hour; every session and token "
        "of the account ends. A used or expired token: 400 with code `link_used` or `link_expired`.",
        answer=ref("Message"), auth="none", tag="accounts", params=(path_param("token", STR),),
        body=obj({"password": {"type": "string", "minLength": 10}}))},
    "/api/v1/users/{username}": {"get": op(
        "A public profile.", answer=ref("PublicUser"), auth="optional", tag="accounts", errors=(404,),
        params=(path_param("username", STR),))},
    "/api/v1/regions": {"get": op(
        "Every province, regency and city (not paged); members live in a regency or city.",
        answer=array(ref("Region")), auth="none", tag="accounts", errors=(404,),
        params=(query_param("province", {"type": "string", "pattern": "^[0-9]{2}$"},
                            "a province's code: only its regencies and cities"),))},
}
