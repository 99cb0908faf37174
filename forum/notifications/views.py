"""Pages of notifications: the list, opening one, marking read, and the watch forms of threads and categories."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from jinja2 import pass_context

from forum.board.models import Category, Thread
from forum.current import viewer
from forum.errors import ForumError
from forum.forms import show_refusal
from forum.notifications import listeners, services
from forum.paging import page_number

bp = Blueprint("notifications", __name__)
listeners.connect()


def _reader_state(thread=None, category=None) -> dict:
    """The reader's bell count and watch levels for this page: one statement per request, nothing for guests."""
    reader = viewer()
    if reader is None:
        return {}
    thread = thread if isinstance(thread, Thread) else None
    category = category if isinstance(category, Category) and thread is None else None
    key = (thread.id if thread else None, category.id if category else None)
    memo = g.setdefault("notifications_state", {})
    if key not in memo:
        memo[key] = services.reader_state(reader, thread=thread, category=category)
    return memo[key]


@bp.app_template_global("unread_notifications")
@pass_context
def _unread_notifications(context) -> int:
    """The header's bell: the unread count, fetched with the page's watch levels (thread and category pages)."""
    return _reader_state(context.get("thread"), context.get("category")).get("unread", 0)


@bp.app_template_global("watch_of")
def _watch_of(thread=None, category=None) -> dict:
    """The reader's watch levels for the thread or category page (with the bell's count: no statement of its own)."""
    return _reader_state(thread, category)


@bp.app_context_processor
def _levels():
    return {"watch_levels": services.LEVELS}


@bp.get("/notifications")
@login_required
def index():
    """A page of the member's notifications, newest first; ``?unread=1`` shows only unread ones."""
    unread_only = request.args.get("unread") in ("1", "true")
    page = services.notifications_page(viewer(), page_number(request.args.get("page")), unread_only=unread_only)
    items = list(zip(page.items, services.describe_many(page.items), strict=True))
    return render_template("notifications/index.html", page=page, items=items, unread_only=unread_only)


@bp.get("/notifications/<int:notification_id>/open")
@login_required
def open_one(notification_id):
    """Follow a notification's link, marking it read on the way."""
    return redirect(services.open_notification(viewer(), notification_id))


@bp.post("/notifications/read")
@login_required
def mark_read():
    """Mark one notification (``id``) or all of them (``all``) read."""
    try:
        if request.form.get("all"):
            services.mark_read(viewer(), everything=True)
            flash(_("All notifications are marked read."), "success")
        else:
            services.mark_read(viewer(), [request.form.get("id", "")])
    except ForumError as exc:
        show_refusal(exc)
    return redirect(url_for("notifications.index", page=request.form.get("page") or None,
                            unread=request.form.get("unread") or None))


@bp.post("/t/<int:thread_id>/watch")
@login_required
def watch_thread(thread_id):
    """Set the member's watch level for a thread."""
    try:
        level = services.set_thread_watch(viewer(), thread_id, request.form.get("level"))
        flash(_("Notifications for this thread: %(level)s.", level=level_label(level)), "success")
    except ForumError as exc:
        show_refusal(exc)
    return redirect(url_for("board.thread", thread_id=thread_id))


@bp.post("/c/<slug>/watch")
@login_required
def watch_category(slug):
    """Set the member's watch level for a category."""
    try:
        level = services.set_category_watch(viewer(), slug, request.form.get("level"))
        flash(_("Notifications for this category: %(level)s.", level=level_label(level)), "success")
    except ForumError as exc:
        show_refusal(exc)
    return redirect(url_for("board.category", slug=slug))


def level_label(level: str) -> str:
    """A watch level's name in the reader's language."""
    return {"watching": _("Watching"), "tracking": _("Tracking"), "normal": _("Normal"),
            "muted": _("Muted")}.get(level, level)


bp.add_app_template_global(level_label, "watch_level_label")
