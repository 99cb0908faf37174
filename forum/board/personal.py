"""The board's part of a member's personal data: their threads, posts and reactions (forum/accounts/signals.py)."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import delete, select, update

from forum import markup
from forum.accounts import signals
from forum.accounts.models import User
from forum.accounts.personal import former_member_name
from forum.board.models import Post, PostReaction, Thread, ThreadRead, thread_members
from forum.board.services import render_body
from forum.board.stemming import index_text
from forum.extensions import db


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(user: User, **_data) -> dict:
    """Threads started, posts written (their text as written) and reactions given."""
    threads = db.session.scalars(select(Thread).where(Thread.author_id == user.id).order_by(Thread.id))
    posts = db.session.scalars(select(Post).where(Post.author_id == user.id).order_by(Post.id))
    reactions = db.session.scalars(select(PostReaction).where(PostReaction.user_id == user.id)
                                   .order_by(PostReaction.created_at))
    return {
        "threads": [{"id": t.id, "title": t.title, "category": t.category.slug, "private": t.private,
                     "created_at": _iso(t.created_at)} for t in threads],
        "posts": [{"id": p.id, "thread_id": p.thread_id, "number": p.number, "body": p.body,
                   "created_at": _iso(p.created_at), "edited_at": _iso(p.edited_at)} for p in posts],
        "reactions": [{"post_id": r.post_id, "kind": r.kind, "created_at": _iso(r.created_at)} for r in reactions],
    }


def erase(user: User, remove_posts: bool = False, **_data) -> None:
    """Reading positions go; posts stay under the new name, or lose their text when the member asked.

    A removed post keeps its place (numbers, replies, the thread's order) with a note
    instead of its text; a thread the member started keeps the others' replies under a
    neutral title. Every thread they wrote in is re-rendered (its cached pages show the old name).
    """
    db.session.execute(delete(ThreadRead).where(ThreadRead.user_id == user.id))
    # A private thread's title names its members ("Pendampingan: Rina & Budi"): the other member keeps it,
    # with the same "former member" name the posts show.
    if user.display_name:
        private = select(Thread).join(thread_members, thread_members.c.thread_id == Thread.id).where(
            thread_members.c.user_id == user.id, Thread.private.is_(True))
        former = former_member_name()
        for thread in db.session.scalars(private):
            if user.display_name in thread.title:
                thread.title = thread.title.replace(user.display_name, former)
                thread.search_title = index_text(thread.title)
            # Its opening post (the site's welcome to both members) names them too.
            opening = db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.number == 1))
            if opening is not None and user.display_name in opening.body:
                opening.body = opening.body.replace(user.display_name, former)
                opening.html = render_body(opening.body)
                opening.search_text = index_text(markup.plain_text(opening.html))
    thread_ids = set(db.session.scalars(select(Post.thread_id).where(Post.author_id == user.id)))
    if remove_posts:
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            note = _("This post was removed by its author.")
            title = _("A thread whose author left")
        db.session.execute(update(Post).where(Post.author_id == user.id)
                           .values(body="", html=f"<p><em>{escape(note)}</em></p>", search_text=""))
        db.session.execute(update(Thread).where(Thread.author_id == user.id, Thread.private.is_(False))
                           .values(title=title, search_title=""))
    if thread_ids:
        db.session.execute(update(Thread).where(Thread.id.in_(sorted(thread_ids)))
                           .values(revision=Thread.revision + 1))


signals.export_requested.connect(export)
signals.account_deleting.connect(erase)
