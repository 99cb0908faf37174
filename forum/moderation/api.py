"""JSON routes of moderation: suspend and reinstate accounts, read the log."""

from __future__ import annotations

from flask import jsonify, request

from forum.api import bp, json_body, page_arg, require_user
from forum.moderation import services


def _standing(user) -> dict:
    return {**user.to_public(), "suspended": user.suspended}


@bp.put("/users/<username>/suspension")
def suspend(username):
    """Suspend an account (moderators: members; admins: anyone but themselves): ``{reason}``."""
    return jsonify(_standing(services.suspend(require_user(), username, json_body().get("reason"))))


@bp.delete("/users/<username>/suspension")
def reinstate(username):
    """Lift a suspension: ``{reason}``."""
    return jsonify(_standing(services.reinstate(require_user(), username, json_body().get("reason"))))


@bp.get("/moderation/log")
def moderation_log():
    """The moderation log, newest first; ``?user=NAME`` for one account (moderators)."""
    page = services.log(require_user(), page_arg(), request.args.get("user") or None)
    return jsonify(page.to_dict(lambda action: action.to_json()))
