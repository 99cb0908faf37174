"""JSON routes of live sessions."""

from __future__ import annotations

from flask import jsonify

from forum.api import bp, created, json_body
from forum.current import signed_in, viewer
from forum.live import services
from forum.live.delivery import announce_end
from forum.live.payloads import session_json
from forum.openapi import INT, STR, TIME, array, nullable, obj, op, path_param, ref


@bp.get("/live-sessions")
def live_sessions():
    """Open, upcoming and past sessions, soonest first."""
    groups = services.sessions()
    return jsonify([session_json(s) for s in groups["open"] + groups["upcoming"] + groups["past"]])


@bp.post("/live-sessions")
def schedule():
    """Schedule a session (moderators); ``starts_at`` without an offset is in the user's zone."""
    user = signed_in()
    return created(session_json(services.schedule(user, json_body(), user.timezone)))


@bp.get("/live-sessions/<int:session_id>")
def show(session_id):
    """One session."""
    viewer()
    return jsonify(session_json(services.get_session(session_id)))


@bp.post("/live-sessions/<int:session_id>/open")
def open_session(session_id):
    """Open the room (moderators)."""
    return jsonify(session_json(services.open_session(signed_in(), session_id)))


@bp.post("/live-sessions/<int:session_id>/close")
def close_session(session_id):
    """Close the room and write its transcript thread (moderators)."""
    live = services.close_session(signed_in(), session_id)
    announce_end(live)
    return jsonify(session_json(live))


# -- OpenAPI description of the routes above (assembled by forum.openapi) -------------

_S = path_param("session_id", description="the live session's id")

SCHEMAS = {
    "LiveSession": obj({"id": INT, "title": STR, "category": STR, "starts_at": TIME,
                        "state": {"type": "string", "enum": ["scheduled", "open", "closed"]}, "moderator": STR,
                        "transcript_thread_id": nullable(INT)},
                       {"description": STR, "duration_minutes": INT, "slow_mode": INT,
                        "opened_at": nullable(TIME), "closed_at": nullable(TIME)}),
}

PATHS = {
    "/api/v1/live-sessions": {
        "get": op("Open, upcoming and past sessions.", answer=array(ref("LiveSession")), auth="optional",
                  tag="live"),
        "post": op("Schedule a session (moderators); ``starts_at`` without an offset is in the user's zone.",
                   ok=201, answer=ref("LiveSession"), tag="live",
                   body=obj({"title": {"type": "string", "minLength": 3, "maxLength": 160}, "category": STR,
                             "starts_at": TIME},
                            {"description": {"type": "string", "maxLength": 2000},
                             "duration_minutes": {"type": "integer", "minimum": 15, "maximum": 480}})),
    },
    "/api/v1/live-sessions/{session_id}": {"get": op(
        "One session; ``transcript_thread_id`` is set once it is closed.", answer=ref("LiveSession"),
        auth="optional", tag="live", params=(_S,), errors=(404,))},
    "/api/v1/live-sessions/{session_id}/open": {"post": op(
        "Open the room (moderators).", answer=ref("LiveSession"), tag="live", params=(_S,), errors=(404, 409))},
    "/api/v1/live-sessions/{session_id}/close": {"post": op(
        "Close the room and write its transcript thread (moderators).", answer=ref("LiveSession"), tag="live",
        params=(_S,), errors=(404, 409))},
}
