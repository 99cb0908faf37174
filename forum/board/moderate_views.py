"""Pages of thread moderation (the menu on a thread page, the split page) and of a post's edit history.

Routes on the board's blueprint, kept apart from ``forum.board.views``; that module imports this one.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from forum.board import moderate, revisions, services
from forum.board.moderate_forms import MergeForm, MoveForm, SplitForm, ThreadActionForm
from forum.board.views import bp
from forum.current import viewer
from forum.errors import ForumError
from forum.forms import show_refusal

DONE = {
    "lock": lambda: _("The thread is locked."), "unlock": lambda: _("The thread is open again."),
    "pin": lambda: _("The thread is pinned."), "unpin": lambda: _("The thread is no longer pinned."),
}


def menu(reader, thread) -> dict | None:
    """The moderation menu's forms for the thread page, for moderators (None for everyone else)."""
    if not moderate.can_moderate(reader, thread):
        return None
    move = MoveForm(formdata=None)
    move.category.choices = [(c.slug, c.display_name) for c in services.category_choices()
                             if c.id != thread.category_id]
    return {"action": ThreadActionForm(formdata=None), "move": move, "merge": MergeForm(formdata=None),
            "flags": moderate.FLAGS}


def _back(thread_id: int):
    return redirect(url_for("board.thread", thread_id=thread_id))


@bp.post("/t/<int:thread_id>/moderate/<action>")
@login_required
def moderate_thread(thread_id, action):
    """Lock, unlock, pin or unpin a thread from the moderation menu."""
    if action not in moderate.FLAGS:
        abort(404)
    form = ThreadActionForm()
    try:
        moderate.set_flag(viewer(), thread_id, action, form.reason.data)
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(DONE[action](), "success")
    return _back(thread_id)


@bp.post("/t/<int:thread_id>/move")
@login_required
def move_thread(thread_id):
    """Move a thread to another category from the moderation menu."""
    form = MoveForm()
    try:
        thread = moderate.move(viewer(), thread_id, form.category.data, form.reason.data)
    except ForumError as exc:
        show_refusal(exc)
    else:
        flash(_("The thread is in %(name)s now.", name=thread.category.display_name), "success")
    return _back(thread_id)


@bp.post("/t/<int:thread_id>/merge")
@login_required
def merge_thread(thread_id):
    """Merge a thread into another from the moderation menu; lands on the thread merged into."""
    form = MergeForm()
    try:
        thread = moderate.merge(viewer(), thread_id, (form.into.data or "").strip().lstrip("#"), form.reason.data)
    except ForumError as exc:
        show_refusal(exc)
        return _back(thread_id)
    flash(_("The threads are merged."), "success")
    return _back(thread.id)


@bp.route("/t/<int:thread_id>/split", methods=["GET", "POST"])
@login_required
def split_thread(thread_id):
    """Choose replies of a thread and move them into a new thread (moderators)."""
    reader = viewer()
    thr = services.get_thread(reader, thread_id)
    if not moderate.can_moderate(reader, thr):
        moderate.split(reader, thr.id, None, None)  # raises the service's refusal
    form = SplitForm()
    chosen = request.form.getlist("post_ids") if request.method == "POST" else []
    unplaced: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            new = moderate.split(reader, thr.id, chosen, form.title.data, form.reason.data)
        except ForumError as exc:
            unplaced = show_refusal(exc, form, inline=True)
        else:
            flash(_("The replies are in a new thread now."), "success")
            return redirect(url_for("board.thread", thread_id=new.id))
    failed = bool(form.errors or unplaced)
    return render_template("board/split.html", thread=thr, form=form, posts=moderate.every_post(thr),
                           chosen=set(chosen), post_ids_error=unplaced.get("post_ids")), 400 if failed else 200


@bp.get("/p/<int:post_id>/history")
@login_required
def post_history(post_id):
    """Every version of a post with what changed between each and the next (its author and moderators)."""
    post, versions = revisions.history(viewer(), post_id)
    steps = [(versions[i], versions[i + 1], revisions.diff_html(versions[i].body, versions[i + 1].body))
             for i in range(len(versions) - 1)]
    return render_template("board/history.html", post=post, versions=versions, steps=list(reversed(steps)),
                           post_url=url_for("board.post", post_id=post.id))
