"""Pages of live sessions: the schedule, scheduling, a session's page and room, its calendar file."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from forum.accounts.services import require_moderator
from forum.board import services as board
from forum.errors import ForumError
from forum.forms import show_errors
from forum.live import services
from forum.live.events import announce_end
from forum.live.forms import ActionForm, ScheduleForm
from forum.models_base import utcnow

bp = Blueprint("live", __name__, url_prefix="/live")


def _me():
    return current_user._get_current_object() if current_user.is_authenticated else None


@bp.get("/")
def index():
    """Open, upcoming and past sessions."""
    return render_template("live/index.html", groups=services.sessions())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Schedule a session (moderators); the time is entered in your own zone."""
    me = require_moderator(_me())
    form = ScheduleForm()
    form.category.choices = [SelectChoice(c.slug, c.display_name) for c in board.categories()]
    if form.validate_on_submit():
        try:
            live = services.schedule(me, form.data, me.timezone)
        except ForumError as exc:
            show_errors(form, exc)
        else:
            flash(_("The session is scheduled."), "success")
            return redirect(url_for("live.show", session_id=live.id))
    return render_template("live/new.html", form=form, zone=me.timezone), 400 if form.errors else 200


@bp.get("/<int:session_id>")
def show(session_id):
    """A session: countdown and calendar while upcoming, the room while open, the transcript after."""
    live = services.get_session(session_id)
    me = _me()
    recent = services.history(me, live.id) if me and live.state != "scheduled" else []
    return render_template("live/session.html", live=live, action=ActionForm(), recent=recent,
                           moderator=services.can_moderate(me, live),
                           seconds_to_start=max(int((live.starts_at - utcnow()).total_seconds()), 0))


@bp.post("/<int:session_id>/<any(open, close):action>")
@login_required
def act(session_id, action):
    """Open or close a session (moderators)."""
    if ActionForm().validate_on_submit():
        if action == "open":
            services.open_session(_me(), session_id)
            flash(_("The room is open."), "success")
        else:
            announce_end(services.close_session(_me(), session_id))
            flash(_("The session is closed and its transcript is in the forum."), "success")
    return redirect(url_for("live.show", session_id=session_id))


def _fold(line: str) -> str:
    """RFC 5545: lines of at most 75 octets, continued with a leading space."""
    out, chunk = [], b""
    for char in line:
        encoded = char.encode()
        if len(chunk) + len(encoded) > (75 if not out else 74):
            out.append(chunk.decode())
            chunk = b""
        chunk += encoded
    out.append(chunk.decode())
    return "\r\n ".join(out) + "\r\n"


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@bp.get("/<int:session_id>.ics")
def calendar(session_id):
    """The session as an iCalendar event, for any calendar app."""
    live = services.get_session(session_id)
    fmt = "%Y%m%dT%H%M%SZ"
    end = live.starts_at + timedelta(minutes=live.duration_minutes)
    url = url_for("live.show", session_id=live.id, _external=True)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Jejaring//Live sessions//ID", "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:live-{live.id}@{current_app.config.get('SERVER_NAME') or 'jejaring'}",
        f"DTSTAMP:{utcnow().strftime(fmt)}",
        f"DTSTART:{live.starts_at.strftime(fmt)}",
        f"DTEND:{end.strftime(fmt)}",
        f"SUMMARY:{_ics_text(live.title)}",
        f"DESCRIPTION:{_ics_text(live.description + chr(10) + url)}",
        f"URL:{url}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return Response("".join(_fold(line) for line in lines), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="jejaring-live-{live.id}.ics"'})
