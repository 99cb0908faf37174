"""JSON routes of moderation: suspend and reinstate accounts, read the log, flags, the review queue and the
actions on posts, and lifting new-account limits."""

from __future__ import annotations

from flask import jsonify, request

from forum.api import bp, created, json_body, page_arg
from forum.current import signed_in
from forum.moderation import flags, queue, services, trust
from forum.moderation.models import ACTIONS, FLAG_REASONS
from forum.openapi import (
    BOOL,
    INT,
    PAGE_PARAM,
    STR,
    TIME,
    array,
    nullable,
    obj,
    op,
    page_of,
    path_param,
    query_param,
    ref,
)


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


@bp.post("/posts/<int:post_id>/flags")
def flag_post(post_id):
    """Flag a post for the moderators (not your own; once): ``{reason, note?}``."""
    data = json_body()
    entry = flags.flag(signed_in(), post_id, data.get("reason"), data.get("note"))
    return created({"post_id": entry.post_id, "reason": entry.reason, "note": entry.note,
                    "created_at": entry.created_at.isoformat()})


@bp.get("/moderation/queue")
def moderation_queue():
    """The review queue: flagged posts and posts waiting for approval, grouped by post, newest first."""
    return jsonify(queue.queue(signed_in(), page_arg()).to_dict(lambda item: item.to_json()))


def _moderated(post) -> dict:
    return {"post_id": post.id, "thread_id": post.thread_id, "state": post.state, "reason": post.state_reason}


def _reason_arg():
    return json_body().get("reason") if request.get_data() else None


@bp.post("/posts/<int:post_id>/flags/dismiss")
def dismiss_flags(post_id):
    """Dismiss a post's open flags (a post the flags hid shows again): ``{reason?}``."""
    return jsonify(_moderated(queue.dismiss(signed_in(), post_id, _reason_arg())))


@bp.post("/posts/<int:post_id>/hide")
def hide_post(post_id):
    """Hide a post: ``{reason}`` (the author reads it)."""
    return jsonify(_moderated(queue.hide(signed_in(), post_id, json_body().get("reason"))))


@bp.post("/posts/<int:post_id>/restore")
def restore_post(post_id):
    """Show a hidden post again (moderators) or a removed one (admins): ``{reason?}``."""
    return jsonify(_moderated(queue.restore(signed_in(), post_id, _reason_arg())))


@bp.post("/posts/<int:post_id>/approve")
def approve_post(post_id):
    """Approve a new account's post that waits for review."""
    return jsonify(_moderated(queue.approve(signed_in(), post_id, _reason_arg())))


@bp.delete("/posts/<int:post_id>")
def delete_post(post_id):
    """Remove a post, softly: ``{reason}``."""
    return jsonify(_moderated(queue.delete(signed_in(), post_id, json_body().get("reason"))))


@bp.post("/users/<username>/trust")
def set_trust(username):
    """Lift a member's new-account limits at once (``{established: true}``), or put them back (moderators)."""
    user = trust.set_established(signed_in(), username, json_body().get("established"))
    return jsonify({**user.to_public(), "established": user.established, "new_account": trust.is_new(user)})


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_USER = path_param("username", STR, "the account's username")
_REASON = obj({"reason": {"type": "string", "minLength": 1}})
_POST = path_param("post_id", description="the post's id")
_MAYBE_REASON = obj({}, {"reason": STR})
_STATE = {"type": "string", "enum": ["visible", "hidden", "deleted", "pending"]}

SCHEMAS = {
    "Standing": {"allOf": [ref("PublicUser"), obj({"suspended": BOOL})]},
    "ModerationAction": obj({"id": INT, "action": STR, "user": STR, "by": nullable(STR), "reason": STR,
                             "thread_id": nullable(INT), "post_id": nullable(INT), "detail": STR,
                             "created_at": TIME}),
    "NewFlag": obj({"post_id": INT, "reason": STR, "note": STR, "created_at": TIME}),
    "QueueItem": obj({"post_id": INT, "thread_id": INT, "state": _STATE,
                      "flags": array(obj({"reason": STR, "note": STR, "by": STR}, {"created_at": TIME}))},
                     {"number": INT, "author": STR}),
    "ModeratedPost": obj({"post_id": INT, "thread_id": INT, "state": _STATE, "reason": STR}),
    "Trust": {"allOf": [ref("PublicUser"), obj({"established": BOOL, "new_account": BOOL})]},
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
    "/api/v1/posts/{post_id}/flags": {"post": op(
        "Flag a post for the moderators (signed-in members; not your own post: 403). Once per member and "
        "post: again is a 409. ``other`` needs a note.", ok=201, answer=ref("NewFlag"), tag="moderation",
        params=(_POST,), errors=(404, 409),
        body=obj({"reason": {"type": "string", "enum": list(FLAG_REASONS)}}, {"note": {"type": "string",
                                                                                    "maxLength": 500}}))},
    "/api/v1/moderation/queue": {"get": op(
        "The review queue (moderators): posts with open flags and new accounts' posts waiting for approval, "
        "grouped by post, newest first.", answer=page_of(ref("QueueItem")), tag="moderation",
        params=(PAGE_PARAM,))},
    "/api/v1/posts/{post_id}/flags/dismiss": {"post": op(
        "Dismiss a post's open flags (moderators); a post the flags hid shows again. No open flags: 409.",
        answer=ref("ModeratedPost"), tag="moderation", params=(_POST,), body=_MAYBE_REASON, errors=(404, 409))},
    "/api/v1/posts/{post_id}/hide": {"post": op(
        "Hide a post (moderators): members see that a moderator hid it, its author and moderators see it "
        "with the reason. Hidden or removed already: 409.", answer=ref("ModeratedPost"), tag="moderation",
        params=(_POST,), body=_REASON, errors=(404, 409))},
    "/api/v1/posts/{post_id}/restore": {"post": op(
        "Show a hidden post again (moderators) or a removed one (admins only: moderators 403). Not hidden: 409.",
        answer=ref("ModeratedPost"), tag="moderation", params=(_POST,), body=_MAYBE_REASON, errors=(404, 409))},
    "/api/v1/posts/{post_id}/approve": {"post": op(
        "Approve a new account's post that waits for review (moderators). Not waiting: 409.",
        answer=ref("ModeratedPost"), tag="moderation", params=(_POST,), body=_MAYBE_REASON, errors=(404, 409))},
    "/api/v1/posts/{post_id}": {"delete": op(
        "Remove a post, softly (moderators): gone for everyone but moderators; admins can restore it. "
        "Removed already: 409.", answer=ref("ModeratedPost"), tag="moderation", params=(_POST,), body=_REASON,
        errors=(404, 409))},
    "/api/v1/users/{username}/trust": {"post": op(
        "Lift a member's new-account limits at once (``established: true``) or put them back (moderators).",
        answer=ref("Trust"), tag="moderation", params=(_USER,), body=obj({"established": BOOL}),
        errors=(404,))},
}
