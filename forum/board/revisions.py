"""A post's edit history: every version of its text, who wrote it and when, and what changed between them.

The first edit of a post stores its original (number 1, the post's own time
and author) and the new text (number 2); each later edit adds the next
number. So the history reads from the table alone, and the newest row is
the text the post shows. A post never edited has no rows: its history is
its one version. The author and moderators read the history
(``can_view_history``); to anyone else who may read the post it is a 403.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum.accounts.models import User
from forum.board import services
from forum.board.models import Post, PostRevision
from forum.errors import NotAllowed, NotSignedIn
from forum.extensions import db
from forum.models_base import utcnow

__all__ = ["Version", "can_view_history", "history", "keep", "diff_html"]


@dataclass
class Version:
    """One version of a post as its history shows it."""

    number: int
    body: str
    title: str | None
    edited_at: datetime
    editor: User | None

    def to_json(self) -> dict:
        return {"number": self.number, "body": self.body, "title": self.title,
                "edited_at": self.edited_at.isoformat(), "editor": self.editor.username if self.editor else None}


def can_view_history(user: User | None, author_id: int) -> bool:
    """The post's author and moderators (signed in, not suspended) read a post's earlier versions."""
    if user is None or not getattr(user, "is_authenticated", False) or user.suspended:
        return False
    return user.is_moderator or user.id == author_id


def keep(post: Post, editor: User, old_body: str, old_title: str | None) -> None:
    """Store the version an edit replaces and the new one, in the edit's transaction (``post`` already changed)."""
    last = db.session.scalar(select(func.max(PostRevision.number)).where(PostRevision.post_id == post.id))
    if last is None:
        db.session.add(PostRevision(post_id=post.id, number=1, body=old_body, title=old_title,
                                    edited_at=post.edited_at or post.created_at,
                                    editor_id=post.author_id))
        last = 1
    title = post.thread.title if post.number == 1 else None
    db.session.add(PostRevision(post_id=post.id, number=last + 1, body=post.body, title=title,
                                edited_at=utcnow(), editor_id=editor.id))


def history(user: User | None, post_id) -> tuple[Post, list[Version]]:
    """A post and its versions, oldest first: 404 when the reader may not see the post, 403 when they may
    not read its history."""
    post = services.get_post(user, post_id)
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotSignedIn()
    if not can_view_history(user, post.author_id):
        raise NotAllowed(_("Only the author and moderators see a post's earlier versions."))
    rows = list(db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)
                                   .options(joinedload(PostRevision.editor))
                                   .order_by(PostRevision.number)))
    if not rows:
        title = post.thread.title if post.number == 1 else None
        return post, [Version(1, post.body, title, post.created_at, post.author)]
    return post, [Version(r.number, r.body, r.title, r.edited_at, r.editor) for r in rows]


def diff_html(before: str, after: str) -> Markup:
    """The lines that changed from ``before`` to ``after`` as escaped HTML: removed lines in ``<del>``,
    added ones in ``<ins>``, with two lines of context (the text is the members' own: escaped, never markup)."""
    lines = []
    for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(Markup('<span class="hunk">…</span>'))
        elif line.startswith("-"):
            lines.append(Markup("<del>- {}</del>").format(line[1:]))
        elif line.startswith("+"):
            lines.append(Markup("<ins>+ {}</ins>").format(line[1:]))
        else:
            lines.append(Markup("<span>  {}</span>").format(line[1:]))
    return Markup("").join(lines) if lines else escape("")
