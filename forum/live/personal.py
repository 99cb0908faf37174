"""Live rooms' part of a member's personal data: messages and questions (forum/accounts/signals.py)."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import delete, select, update

from forum.accounts import signals
from forum.accounts.models import User
from forum.extensions import db
from forum.live.models import LiveMember, LiveMessage, LiveQuestion


def export(user: User, **_data) -> dict:
    """Every message and question the member wrote in a live session."""
    messages = db.session.scalars(select(LiveMessage).where(LiveMessage.author_id == user.id).order_by(LiveMessage.id))
    questions = db.session.scalars(select(LiveQuestion).where(LiveQuestion.author_id == user.id)
                                   .order_by(LiveQuestion.id))
    return {
        "live_messages": [{"session_id": m.session_id, "body": m.body, "created_at": m.created_at.isoformat()}
                          for m in messages],
        "live_questions": [{"session_id": q.session_id, "body": q.body, "created_at": q.created_at.isoformat()}
                           for q in questions],
    }


def erase(user: User, remove_posts: bool = False, **_data) -> None:
    """Room standings go; messages stay under the new name unless the member asked for their posts to go."""
    db.session.execute(delete(LiveMember).where(LiveMember.user_id == user.id))
    if remove_posts:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            note = f"<p><em>{escape(_('This post was removed by its author.'))}</em></p>"
        for model in (LiveMessage, LiveQuestion):
            db.session.execute(update(model).where(model.author_id == user.id).values(body="", html=note))


signals.export_requested.connect(export)
signals.account_deleting.connect(erase)
