"""What a notification says and where it leads, in the current locale.

Words are made when a notification is shown (page, API, mail), never stored,
so each reader gets them in their own language and with current titles.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from forum.board.models import Post
from forum.extensions import db
from forum.notifications.models import Notification


def path(endpoint: str, anchor: str = "", **values) -> str:
    """The path of ``endpoint`` (no request needed: jobs and mail build links too)."""
    built = current_app.url_map.bind("localhost").build(endpoint, values)
    return built + (f"#{anchor}" if anchor else "")


def describe(notification: Notification) -> dict:
    """``{"text": ..., "url": ...}`` for one notification: text in the current locale, url a path."""
    return describe_many([notification])[0]


def describe_many(notifications: list[Notification]) -> list[dict]:
    """``describe`` for a list, with what they refer to loaded in a fixed number of queries."""
    numbers = _post_numbers({n.post_id for n in notifications if n.post_id})
    mentorships = _mentorships({n.subject_id for n in notifications if n.kind == "mentorship" and n.subject_id})
    sessions = _live_sessions({n.subject_id for n in notifications if n.kind == "live_session" and n.subject_id})
    return [_describe(n, numbers, mentorships, sessions) for n in notifications]


def _post_numbers(ids: set[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(db.session.execute(select(Post.id, Post.number).where(Post.id.in_(ids))).all())


def _mentorships(ids: set[int]) -> dict:
    if not ids:
        return {}
    from forum.mentoring.models import Mentorship

    return {m.id: m for m in db.session.scalars(select(Mentorship).where(Mentorship.id.in_(ids)))}


def _live_sessions(ids: set[int]) -> dict:
    if not ids:
        return {}
    from forum.live.models import LiveSession

    return {s.id: s for s in db.session.scalars(select(LiveSession).where(LiveSession.id.in_(ids)))}


def _name(user) -> str:
    return user.display_name if user is not None else _("Someone")


def _post_url(n: Notification, numbers: dict[int, int]) -> str:
    if n.post_id is None:
        return path("board.thread", thread_id=n.thread_id)
    per_page = current_app.config["POSTS_PER_PAGE"]
    page = (numbers.get(n.post_id, 1) - 1) // per_page + 1
    values = {"page": page} if page > 1 else {}
    return path("board.thread", anchor=f"p{n.post_id}", thread_id=n.thread_id, **values)


def _describe(n: Notification, numbers: dict, mentorships: dict, sessions: dict) -> dict:
    actor = _name(n.actor)
    if n.kind == "mentorship":
        return _mentorship(n, actor, mentorships.get(n.subject_id))
    if n.kind == "live_session":
        live = sessions.get(n.subject_id)
        title = live.title if live else ""
        return {"text": _("Live session “%(title)s” is open now", title=title),
                "url": path("live.show", session_id=n.subject_id)}
    title = n.thread.title if n.thread is not None else ""
    if n.kind == "moderation":
        return {"text": _moderation_text(n.event, actor, title), "url": _post_url(n, numbers)}
    texts = {
        "reply": lambda: _("%(actor)s replied to “%(title)s”", actor=actor, title=title),
        "mention": lambda: _("%(actor)s mentioned you in “%(title)s”", actor=actor, title=title),
        "watched": lambda: (_("%(actor)s started “%(title)s”", actor=actor, title=title)
                            if numbers.get(n.post_id) == 1 else
                            _("%(actor)s posted in “%(title)s”", actor=actor, title=title)),
        "solution": lambda: _("%(actor)s marked your answer in “%(title)s” as the solution", actor=actor,
                              title=title),
        "reaction": lambda: (
            _("%(actor)s reacted to your post in “%(title)s”", actor=actor, title=title) if n.count <= 1
            else ngettext("%(actor)s and %(num)d other reacted to your post in “%(title)s”",
                          "%(actor)s and %(num)d others reacted to your post in “%(title)s”",
                          n.count - 1, actor=actor, title=title)),
    }
    return {"text": texts.get(n.kind, texts["watched"])(), "url": _post_url(n, numbers)}


def _mentorship(n: Notification, actor: str, mentorship) -> dict:
    url = path("mentoring.mentorship", mentorship_id=n.subject_id)
    if mentorship is None:
        return {"text": _("A mentorship changed"), "url": url}
    other = mentorship.mentee if n.user_id == mentorship.mentor_id else mentorship.mentor
    name = _name(other)
    texts = {
        "proposed": lambda: _("You were matched with %(name)s: a mentorship is proposed", name=name),
        "accepted": lambda: _("%(actor)s accepted your proposed mentorship", actor=actor),
        "active": lambda: _("Your mentorship with %(name)s has started", name=name),
        "declined": lambda: _("%(actor)s declined the proposed mentorship", actor=actor),
        "completed": lambda: _("%(actor)s completed your mentorship", actor=actor),
        "ended": lambda: _("%(actor)s ended your mentorship", actor=actor),
    }
    text = texts.get(n.event or "", lambda: _("Your mentorship with %(name)s changed", name=name))()
    return {"text": text, "url": url}


def _moderation_text(event: str | None, actor: str, title: str) -> str:
    """What a moderator (or the flags) did with the member's post or thread."""
    texts = {
        "hide": lambda: _("A moderator hid your post in “%(title)s”", title=title),
        "auto_hide": lambda: _("Your post in “%(title)s” is hidden after several flags, until a moderator reviews it",
                               title=title),
        "restore": lambda: _("Your post in “%(title)s” is shown again", title=title),
        "delete": lambda: _("A moderator removed your post in “%(title)s”", title=title),
        "approve": lambda: _("A moderator approved your post in “%(title)s”", title=title),
        "lock": lambda: _("%(actor)s locked your thread “%(title)s”", actor=actor, title=title),
        "unlock": lambda: _("%(actor)s unlocked your thread “%(title)s”", actor=actor, title=title),
        "pin": lambda: _("%(actor)s pinned your thread “%(title)s”", actor=actor, title=title),
        "unpin": lambda: _("%(actor)s unpinned your thread “%(title)s”", actor=actor, title=title),
        "move": lambda: _("%(actor)s moved your thread “%(title)s” to another category", actor=actor, title=title),
        "merge": lambda: _("%(actor)s merged your thread into “%(title)s”", actor=actor, title=title),
        "split": lambda: _("%(actor)s moved your post into a new thread, “%(title)s”", actor=actor, title=title),
    }
    return texts.get(event or "", lambda: _("A moderator reviewed your post in “%(title)s”", title=title))()
