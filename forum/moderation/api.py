"""JSON routes of moderation: suspend and reinstate accounts, read the log."""

from __future__ import annotations

from flask import jsonify, request

from forum.api import bp, json_body, page_arg
from forum.current import signed_in
from forum.moderation import services
from forum.moderation.models import ACTIONS
from forum.openapi import BOOL, INT, PAGE_PARAM, STR, TIME, nullable, obj, op, page_of, path_param, query_param, ref


def _standing(user) -> dict:
    return {**user.to_public(), "suspended": user.suspended}


@bp.put("/users/<username>/suspension")
def suspend(username):
    """Suspend an account (moderators: members; admins: anyone but themselves): ``{reason}``."""
    return jsonify(_standing(services.suspend(signed_in(), username, json_body().get("reason"))))


@bp.delete("/users/<username>/suspension")
def reinstate(username):
    """Lift a suspension: ``{reason}``."""
    return jsonify(_standing(services.reinstate(signed_in(), username, json_body().get("reason"))))


@bp.get("/moderation/log")
def moderation_log():
    """The moderation log, newest first; ``?user=NAME`` for one account, ``?action=A`` for one action."""
    page = services.log(signed_in(), page_arg(), request.args.get("user") or None,
                        request.args.get("action") or None)
    return jsonify(page.to_dict(lambda action: action.to_json()))


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_USER = path_param("username", STR, "the account's username")
_REASON = obj({"reason": {"type": "string", "minLength": 1}})

SCHEMAS = {
    "Standing": {"allOf": [ref("PublicUser"), obj({"suspended": BOOL})]},
    "ModerationAction": obj({"id": INT, "action": STR, "user": STR, "by": nullable(STR), "reason": STR,
                             "thread_id": nullable(INT), "post_id": nullable(INT), "detail": STR,
                             "created_at": TIME}),
}

PATHS = {
    "/api/v1/users/{username}/suspension": {
        "put": op("Suspend an account (moderators: members; admins: anyone but themselves).",
                  answer=ref("Standing"), tag="moderation", params=(_USER,), body=_REASON, errors=(404, 409)),
        "delete": op("Lift a suspension.", answer=ref("Standing"), tag="moderation", params=(_USER,),
                     body=_REASON, errors=(404, 409)),
    },
    "/api/v1/moderation/log": {"get": op(
        "The moderation log, newest first (moderators).", answer=page_of(ref("ModerationAction")),
        tag="moderation", params=(query_param("user", STR, "only this account's entries"),
                                  query_param("action", {"type": "string", "enum": list(ACTIONS)},
                                              "only this kind of action"), PAGE_PARAM),
        errors=(400, 404))},
}
