"""JSON routes of thread moderation (lock, pin, move, merge, split) and of posts' edit history.

Kept beside ``forum/board/api.py`` (its own SCHEMAS and PATHS, listed in
``forum.api.EXTRA_API_MODULES``) so the board's reading and writing routes stay apart from moderators' ones.
"""

from __future__ import annotations

from flask import jsonify, request

from forum.api import bp, created, json_body
from forum.board import moderate, revisions
from forum.board.api import _thread_with_first_page
from forum.current import signed_in, viewer
from forum.openapi import INT, STR, TIME, array, nullable, obj, op, path_param, ref


def _body() -> dict:
    """The JSON body, or nothing at all (every field of these actions may be left out)."""
    return json_body() if request.get_data(cache=True) else {}


def _flag(action: str):
    def route(thread_id):
        data = _body()
        thread = moderate.set_flag(signed_in(), thread_id, action, data.get("reason"))
        return jsonify(_thread_with_first_page(thread))

    route.__name__ = f"{action}_thread"
    route.__doc__ = f"{action.title()} a thread (moderators): ``{{reason?}}``."
    bp.post(f"/threads/<int:thread_id>/{action}")(route)


for _action in moderate.FLAGS:
    _flag(_action)


@bp.post("/threads/<int:thread_id>/move")
def move_thread(thread_id):
    """Move a thread to another category (moderators): ``{category, reason?}``."""
    data = _body()
    thread = moderate.move(signed_in(), thread_id, data.get("category"), data.get("reason"))
    return jsonify(_thread_with_first_page(thread))


@bp.post("/threads/<int:thread_id>/merge")
def merge_thread(thread_id):
    """Merge a thread into another (moderators): ``{into, reason?}``; answers the thread merged into."""
    data = _body()
    thread = moderate.merge(signed_in(), thread_id, data.get("into"), data.get("reason"))
    return jsonify(_thread_with_first_page(thread))


@bp.post("/threads/<int:thread_id>/split")
def split_thread(thread_id):
    """Move replies into a new thread (moderators): ``{post_ids, title, reason?}``; answers the new thread."""
    data = _body()
    thread = moderate.split(signed_in(), thread_id, data.get("post_ids"), data.get("title"), data.get("reason"))
    return created(_thread_with_first_page(thread))


@bp.get("/posts/<int:post_id>/revisions")
def post_revisions(post_id):
    """Every version of a post, oldest first (its author and moderators)."""
    _post, versions = revisions.history(viewer(), post_id)
    return jsonify([v.to_json() for v in versions])


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_THREAD = path_param("thread_id", description="the thread's id")
_POST = path_param("post_id", description="the post's id")
_REASON = {"type": "string", "maxLength": moderate.REASON_MAX,
           "description": "why (shown in the moderation log and to the member concerned)"}

SCHEMAS = {
    "PostRevision": obj({"number": INT, "body": STR, "edited_at": TIME, "editor": nullable(STR)},
                        {"title": {**nullable(STR), "description": "the thread's title then (first posts only)"}}),
}

_FLAG_TEXT = {"lock": "Lock a thread: only moderators reply to it then.", "unlock": "Unlock a thread.",
              "pin": "Pin a thread to the top of its category.", "unpin": "Unpin a thread."}

PATHS = {
    **{f"/api/v1/threads/{{thread_id}}/{action}": {"post": op(
        f"{_FLAG_TEXT[action]} Moderators and admins (others 403); again is a 409. Logged in the moderation log, "
        "the thread's author is told.", answer=ref("Thread"), tag="moderation", params=(_THREAD,),
        errors=(404, 409), body=obj({}, {"reason": _REASON}))} for action in moderate.FLAGS},
    "/api/v1/threads/{thread_id}/move": {"post": op(
        "Move a thread to another category (moderators and admins; others 403). An unknown category, or the "
        "thread's own, is a 400.", answer=ref("Thread"), tag="moderation", params=(_THREAD,), errors=(404,),
        body=obj({"category": STR}, {"reason": _REASON}))},
    "/api/v1/threads/{thread_id}/merge": {"post": op(
        "Merge a thread into another (moderators and admins; others 403): its posts join the other's, numbered "
        "by the time they were written; the old thread's address answers a redirect (301) to the new one. "
        "A missing thread to merge into, or the same one, is a 400; private threads are never merged (403).",
        answer=ref("Thread"), tag="moderation", params=(_THREAD,), errors=(404, 409),
        body=obj({"into": INT}, {"reason": _REASON}))},
    "/api/v1/threads/{thread_id}/split": {"post": op(
        "Move replies of a thread into a new thread in its category (moderators and admins; others 403); the "
        "first post cannot be split off (400), nor posts of another thread. Answers the new thread.",
        ok=201, answer=ref("Thread"), tag="moderation", params=(_THREAD,), errors=(404,),
        body=obj({"post_ids": {**array(INT), "minItems": 1, "maxItems": moderate.MAX_SPLIT},
                  "title": {"type": "string", "minLength": 3, "maxLength": 160}}, {"reason": _REASON}))},
    "/api/v1/posts/{post_id}/revisions": {"get": op(
        "Every version of a post, oldest first (1 is the original; the last is the text it shows now): its "
        "author and moderators; others 403, a post the reader may not see 404.",
        answer=array(ref("PostRevision")), tag="moderation", params=(_POST,), errors=(404,))},
}
