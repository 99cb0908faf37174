"""Pages of live sessions: the schedule, scheduling, a session's page and room, its calendar file."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from icalendar import Calendar, Event
from wtforms import SelectChoice

from forum.accounts.services import require_moderator
from forum.board import services as board
from forum.current import viewer
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.live import services
from forum.live.delivery import announce_end
from forum.live.forms import ActionForm, ScheduleForm
from forum.models_base import utcnow

bp = Blueprint("live", __name__, url_prefix="/live")


@bp.get("/")
def index():
    """Open, upcoming and past sessions."""
    return render_template("live/index.html", groups=services.sessions())


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Schedule a session (moderators); the time is entered in your own zone."""
    me = require_moderator(viewer())
    form = ScheduleForm()
    form.category.choices = [SelectChoice(c.slug, c.display_name) for c in board.category_choices(open_only=True)]
    if form.validate_on_submit():
        try:
            live = services.schedule(me, form.data, me.timezone)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            flash(_("The session is scheduled."), "success")
            return redirect(url_for("live.show", session_id=live.id))
    return render_template("live/new.html", form=form, zone=me.timezone), 400 if form.errors else 200


@bp.get("/<int:session_id>")
def show(session_id):
    """A session: countdown and calendar while upcoming, the room while open, the transcript after."""
    live = services.get_session(session_id)
    me = viewer()
    removed = services.is_removed(me, live)
    recent = services.history(me, live.id) if me and not removed and live.state != "scheduled" else []
    return render_template("live/session.html", live=live, action=ActionForm(), recent=recent, removed=removed,
                           moderator=services.can_moderate(me, live),
                           seconds_to_start=max(int((live.starts_at - utcnow()).total_seconds()), 0))


@bp.post("/<int:session_id>/<any(open, close):action>")
@login_required
def act(session_id, action):
    """Open or close a session (moderators)."""
    if ActionForm().validate_on_submit():
        if action == "open":
            services.open_session(viewer(), session_id)
            flash(_("The room is open."), "success")
        else:
            announce_end(services.close_session(viewer(), session_id))
            flash(_("The session is closed and its transcript is in the forum."), "success")
    return redirect(url_for("live.show", session_id=session_id))


@bp.get("/<int:session_id>.ics")
def calendar(session_id):
    """The session as an iCalendar event, for any calendar app."""
    live = services.get_session(session_id)
    url = url_for("live.show", session_id=live.id, _external=True)
    cal = Calendar()
    cal.add("prodid", "-//Jejaring//Live sessions//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"live-{live.id}@{current_app.config.get('SERVER_NAME') or 'jejaring'}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", live.starts_at)
    event.add("dtend", live.starts_at + timedelta(minutes=live.duration_minutes))
    event.add("summary", live.title)
    event.add("description", f"{live.description}\n{url}".strip())
    event.add("url", url)
    cal.add_component(event)
    return Response(cal.to_ical(), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="jejaring-live-{live.id}.ics"'})
