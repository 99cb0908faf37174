"""JSON routes of notifications: watch levels, the list, the unread count, marking read."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from forum.api import bp, json_body, page_arg
from forum.current import signed_in
from forum.errors import Invalid
from forum.notifications import services
from forum.notifications.models import KINDS, LEVELS, Notification
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


def notification_json(n: Notification, described: dict) -> dict:
    actor = n.actor
    return {
        "id": n.id,
        "kind": n.kind,
        "event": n.event,
        "actor": {"id": actor.id, "username": actor.username, "display_name": actor.display_name} if actor else None,
        "thread_id": n.thread_id,
        "post_id": n.post_id,
        "subject_id": n.subject_id,
        "count": n.count,
        "text": described["text"],
        "url": described["url"],
        "created_at": n.created_at.isoformat(),
        "updated_at": n.updated_at.isoformat(),
        "read": n.read,
    }


def _level() -> str:
    return json_body().get("level")


@bp.put("/threads/<int:thread_id>/watch")
def watch_thread(thread_id):
    """Set the reader's watch level for a thread."""
    return jsonify({"level": services.set_thread_watch(signed_in(), thread_id, _level())})


@bp.put("/categories/<slug>/watch")
def watch_category(slug):
    """Set the reader's watch level for a category."""
    return jsonify({"level": services.set_category_watch(signed_in(), slug, _level())})


def _unread_arg() -> bool:
    raw = request.args.get("unread")
    if raw in (None, "", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    message = _("Say true or false.")
    raise Invalid(message, fields={"unread": message})


@bp.get("/notifications")
def notifications():
    """A page of the reader's notifications, newest first (``unread=true``: unread only)."""
    page = services.notifications_page(signed_in(), page_arg(), unread_only=_unread_arg())
    described = dict(zip([n.id for n in page.items], services.describe_many(page.items), strict=True))
    return jsonify(page.to_dict(lambda n: notification_json(n, described[n.id])))


@bp.get("/notifications/unread-count")
def unread_count():
    """How many unread notifications the reader has."""
    return jsonify({"count": services.unread_count(signed_in())})


@bp.post("/notifications/read")
def mark_read():
    """Mark ``ids`` (or ``all``) read; answers how many are left unread."""
    data = json_body()
    everything = data.get("all")
    if everything is not None and not isinstance(everything, bool):
        raise Invalid(_("Say true or false."), fields={"all": _("Say true or false.")})
    if everything:
        return jsonify({"count": services.mark_read(signed_in(), everything=True)})
    return jsonify({"count": services.mark_read(signed_in(), data.get("ids"))})


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_LEVEL_BODY = obj({"level": {"type": "string", "enum": list(LEVELS)}})
_ACTOR = obj({"id": INT, "username": STR, "display_name": STR})

SCHEMAS = {
    "WatchLevel": _LEVEL_BODY,
    "Notification": obj(
        {"id": INT, "kind": {"type": "string", "enum": list(KINDS)}, "actor": nullable(_ACTOR),
         "thread_id": nullable(INT), "post_id": nullable(INT), "text": STR, "created_at": TIME, "read": BOOL},
        {"event": nullable(STR), "subject_id": nullable(INT), "count": INT, "url": STR, "updated_at": TIME}),
    "Count": obj({"count": INT}),
}

PATHS = {
    "/api/v1/threads/{thread_id}/watch": {"put": op(
        "Set the reader's watch level for a thread.", answer=ref("WatchLevel"), body=_LEVEL_BODY,
        tag="notifications", params=(path_param("thread_id", description="the thread's id"),), errors=(404,))},
    "/api/v1/categories/{slug}/watch": {"put": op(
        "Set the reader's watch level for a category (threads without their own level follow it).",
        answer=ref("WatchLevel"), body=_LEVEL_BODY, tag="notifications",
        params=(path_param("slug", STR, "the category's slug"),), errors=(404,))},
    "/api/v1/notifications": {"get": op(
        "A page of the reader's notifications, newest first; never one about what the reader may not see.",
        answer=page_of(ref("Notification")), tag="notifications",
        params=(query_param("unread", {"type": "string", "enum": ["true", "false", "1", "0"]},
                            "only unread ones"), PAGE_PARAM))},
    "/api/v1/notifications/unread-count": {"get": op(
        "How many unread notifications the reader has (the bell's number).", answer=ref("Count"),
        tag="notifications")},
    "/api/v1/notifications/read": {"post": op(
        "Mark notifications read: ``ids`` (the reader's own; any other id is a 400 and nothing is marked) "
        "or ``all: true``. Answers how many are left unread.", answer=ref("Count"), tag="notifications",
        body={"oneOf": [obj({"ids": {**array(INT), "minItems": 1, "maxItems": services.MAX_IDS}}),
                        obj({"all": BOOL})]})},
}
