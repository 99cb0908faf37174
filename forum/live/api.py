"""JSON routes of live sessions."""

from __future__ import annotations

from flask import jsonify

from forum.api import bp, created, json_body, require_user, viewer
from forum.live import services
from forum.live.delivery import announce_end
from forum.live.payloads import session_json


@bp.get("/live-sessions")
def live_sessions():
    """Open, upcoming and past sessions, soonest first."""
    groups = services.sessions()
    return jsonify([session_json(s) for s in groups["open"] + groups["upcoming"] + groups["past"]])


@bp.post("/live-sessions")
def schedule():
    """Schedule a session (moderators); ``starts_at`` without an offset is in the user's zone."""
    user = require_user()
    return created(session_json(services.schedule(user, json_body(), user.timezone)))


@bp.get("/live-sessions/<int:session_id>")
def show(session_id):
    """One session."""
    viewer()
    return jsonify(session_json(services.get_session(session_id)))


@bp.post("/live-sessions/<int:session_id>/open")
def open_session(session_id):
    """Open the room (moderators)."""
    return jsonify(session_json(services.open_session(require_user(), session_id)))


@bp.post("/live-sessions/<int:session_id>/close")
def close_session(session_id):
    """Close the room and write its transcript thread (moderators)."""
    live = services.close_session(require_user(), session_id)
    announce_end(live)
    return jsonify(session_json(live))
