"""Pages of moderation: suspend or reinstate from a member's profile, and the log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from forum.current import signed_in
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.moderation import services
from forum.moderation.forms import StandingForm
from forum.moderation.models import ACTIONS
from forum.paging import page_number

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


def _change(username: str, action):
    """Run ``action`` with the form's reason; a refusal becomes a message on the profile page.

    (CSRF is checked app-wide before this runs.)
    """
    try:
        return action(signed_in(), username, StandingForm().reason.data)
    except ForumError as exc:
        show_refusal(exc)
    return None


@bp.post("/users/<username>/suspend")
@login_required
def suspend(username):
    """Suspend an account from its profile page."""
    user = _change(username, services.suspend)
    if user is not None:
        flash(_("%(name)s is suspended and signed out everywhere.", name=user.display_name), "success")
    return redirect(url_for("accounts.profile", username=username))


@bp.post("/users/<username>/reinstate")
@login_required
def reinstate(username):
    """Lift a suspension from the account's profile page."""
    user = _change(username, services.reinstate)
    if user is not None:
        flash(_("%(name)s can sign in again.", name=user.display_name), "success")
    return redirect(url_for("accounts.profile", username=username))


@bp.get("/log")
@login_required
def log():
    """Every moderator action, newest first, by account or by action (moderators)."""
    username = request.args.get("user") or None
    action = request.args.get("action") or None
    if action not in ACTIONS:
        action = None
    actions = services.log(signed_in(), page_number(request.args.get("page")), username, action)
    return render_template("moderation/log.html", actions=actions, username=username, action=action,
                           kinds=ACTIONS)
