"""The JSON shapes live events and the live API send."""

from __future__ import annotations

from forum.live.models import LiveMessage, LiveQuestion, LiveSession


def message_json(m: LiveMessage | None, moderator: bool) -> dict | None:
    """A message; a deleted one keeps its place but not its text (moderators still see it, marked)."""
    if m is None:
        return None
    data = {"id": m.id, "session_id": m.session_id, "author": m.author.username,
            "display_name": m.author.display_name, "body": m.body, "html": m.html,
            "created_at": m.created_at.isoformat(), "deleted": m.deleted_at is not None}
    if m.deleted_at is not None and not moderator:
        data.update(body="", html="")
    return data


def question_json(q: LiveQuestion) -> dict:
    return {"id": q.id, "session_id": q.session_id, "author": q.author.username,
            "display_name": q.author.display_name, "body": q.body, "html": q.html, "votes": q.votes,
            "answered": q.answered_at is not None, "created_at": q.created_at.isoformat()}


def presence_json(session_id: int, as_of: int, users) -> dict:
    """Who is in the room. ``as_of`` (when the list was read, ns) orders snapshots: processes broadcast them
    through Redis, where an older one can arrive after a newer one, so clients keep the latest."""
    return {"session_id": session_id, "as_of": as_of,
            "users": [{"username": u.username, "display_name": u.display_name, "role": u.role} for u in users]}


def session_json(s: LiveSession) -> dict:
    return {"id": s.id, "title": s.title, "description": s.description, "category": s.category.slug,
            "starts_at": s.starts_at.isoformat(), "duration_minutes": s.duration_minutes, "state": s.state,
            "moderator": s.moderator.username, "slow_mode": s.slow_mode_seconds,
            "transcript_thread_id": s.transcript_thread_id,
            "opened_at": s.opened_at.isoformat() if s.opened_at else None,
            "closed_at": s.closed_at.isoformat() if s.closed_at else None}
