"""Pages of moderation: suspend or reinstate from a member's profile, the log, reporting a post, the review
queue and the actions on posts, and lifting a member's new-account limits."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from forum.board import services as board
from forum.current import signed_in
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.moderation import flags, queue, services, trust
from forum.moderation.forms import FlagForm, PostActionForm, StandingForm
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


def _post_url(post) -> str:
    return url_for("board.thread", thread_id=post.thread_id, page=board.page_of_post(post)) + f"#p{post.id}"


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@login_required
def report(post_id):
    """Report a post to the moderators with a reason (the "Report" link under each post)."""
    post = board.get_post(signed_in(), post_id)
    form = FlagForm()
    if request.method == "POST":  # CSRF is checked app-wide; the service checks the rest
        try:
            flags.flag(signed_in(), post.id, form.reason.data, form.note.data)
        except ForumError as exc:
            show_refusal(exc, form)
        else:
            flash(_("Thank you: the moderators will look at this post."), "success")
            return redirect(_post_url(post))
    return render_template("moderation/report.html", post=post, form=form), 400 if form.errors else 200


@bp.get("/queue")
@login_required
def queue_page():
    """The review queue: flagged posts and posts waiting for approval, with the authors' histories."""
    items = queue.queue(signed_in(), page_number(request.args.get("page")))
    return render_template("moderation/queue.html", items=items, form=PostActionForm(),
                           standing=StandingForm())


@bp.get("/posts/<int:post_id>")
@login_required
def review(post_id):
    """One post as the queue shows it, with every action (the "Review" link under each post)."""
    item = queue.review(signed_in(), post_id)
    return render_template("moderation/review.html", item=item, form=PostActionForm(), standing=StandingForm())


_POST_ACTIONS = {
    "hide": (queue.hide, _l("The post is hidden.")),
    "restore": (queue.restore, _l("The post is shown again.")),
    "delete": (queue.delete, _l("The post is removed.")),
    "dismiss": (queue.dismiss, _l("The flags are dismissed.")),
    "approve": (queue.approve, _l("The post is approved.")),
}


@bp.post("/posts/<int:post_id>/<any(hide, restore, delete, dismiss, approve):action>")
@login_required
def act(post_id, action):
    """A moderator's action on a post, from the queue or the post's review page; back to where it was done."""
    run, done = _POST_ACTIONS[action]
    try:
        run(signed_in(), post_id, PostActionForm().reason.data)
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(str(done), "success")
    if request.form.get("back") == "queue":
        return redirect(url_for("moderation.queue_page"))
    return redirect(url_for("moderation.review", post_id=post_id))


@bp.post("/users/<username>/trust")
@login_required
def lift_limits(username):
    """Lift a member's new-account limits at once, from the review queue or their profile."""
    try:
        user = trust.set_established(signed_in(), username, request.form.get("established", "1") != "0")
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(_("%(name)s is past the new-account limits.", name=user.display_name) if user.established else
              _("%(name)s is under the new-account limits again.", name=user.display_name), "success")
    if request.form.get("back") == "queue":
        return redirect(url_for("moderation.queue_page"))
    return redirect(url_for("accounts.profile", username=username))
