"""What differs per reader on a shared (cached) rendering: one regular-expression pass over marks.

The thread page and thread lists are rendered once for every reader (see
``forum.cache``). Where a bit depends on who reads, the template leaves a
mark: a private-use character, this process's nonce, a letter and numbers.
No post can contain one (the nonce is new for every process), and the pass
below replaces each mark for the reader, or removes it:

``e:POST:AUTHOR``  the edit link (its author while open, moderators);
``h:POST:AUTHOR`` ... ``k:AUTHOR``  around "edited": a link to the post's history for those who may read it
                   (its author, moderators), plain text for everyone else;
``s:POST``         mark or unmark a reply as the solution (the thread's author, moderators);
``r:POST:AUTHOR:THANKS:HELPFUL:INSIGHTFUL``  the reaction counts, with buttons for members;
``n:NUMBER``       before each post: the "new" divider before the reader's first unread post;
``t:THREAD:POSTS`` in lists: how many posts of the thread are new to the reader;
``f:POST:AUTHOR``  the "Report" link (members, not on their own posts) and "Review" (moderators);
``v:POST:AUTHOR:STATE`` … ``w:0`` … ``x:0`` around a post that is not visible (STATE 1 hidden, 2 removed,
                   3 pending): the full post, then its placeholder; one of them is kept for the reader
                   (``services.post_view``), before the other marks are replaced.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import escape

from forum.board import revisions, services
from forum.board.reactions import LABELS, REACTION_KINDS

_NONCE = secrets.token_hex(8)
OPEN, CLOSE = f"\ue002{_NONCE}:", "\ue003"
MARK = (OPEN, CLOSE)  # what the templates write around a mark's letter and numbers
FORM = "post-actions"  # the id of the thread page's one form for its buttons (templates/board/thread.html)
_MARK_RE = re.compile(re.escape(OPEN) + r"([a-z]):([\d:]+)" + re.escape(CLOSE))
_STATE_RE = re.compile(re.escape(OPEN) + r"v:(\d+):(\d+):(\d)" + re.escape(CLOSE) + "(.*?)" + re.escape(OPEN)
                       + "w:0" + re.escape(CLOSE) + "(.*?)" + re.escape(OPEN) + "x:0" + re.escape(CLOSE), re.S)
_STATES = {"1": "hidden", "2": "deleted", "3": "pending"}


@dataclass
class Reader:
    """Everything the pass needs about the reader, gathered once per request (no query per mark)."""

    user: object = None
    thread: object = None
    can_mark: bool = False
    mine: dict[int, list[str]] = field(default_factory=dict)
    first_unread: int | None = None
    positions: dict[int, int] = field(default_factory=dict)
    posts_per_page: int = 50


def thread_ids(html: str) -> list[int]:
    """The threads a list rendering shows (from its ``t`` marks)."""
    return [int(args.split(":", 1)[0]) for kind, args in _MARK_RE.findall(html) if kind == "t"]


def apply(html: str, reader: Reader) -> str:
    """``html`` with every mark replaced for ``reader`` (a guest when ``reader.user`` is None)."""
    user = reader.user

    def state(match) -> str:
        full = services.post_view(user, int(match.group(2)), _STATES[match.group(3)]) == "full"
        return match.group(4) if full else match.group(5)

    if OPEN + "v:" in html:
        html = _STATE_RE.sub(state, html)
    edit_base = url_for("board.edit", post_id=0).rsplit("/0/", 1) if user is not None else None
    post_base = url_for("board.post", post_id=0)[:-1]
    thread_base = url_for("board.thread", thread_id=0)[:-1]
    texts = {"edit": escape(_("Edit")), "who": escape(_("who reacted")), "new": escape(_("new")),
             "mark": escape(_("Mark as solution")), "unmark": escape(_("Unmark solution"))}
    labels = {kind: escape(LABELS[kind]) for kind in REACTION_KINDS}

    def edit(post_id: int, author_id: int) -> str:
        if edit_base is None or not services.can_edit_by(user, author_id, reader.thread):
            return ""
        return f'<a href="{edit_base[0]}/{post_id}/{edit_base[1]}">{texts["edit"]}</a>'

    # Buttons name the page's one hidden form (``FORM``, with the CSRF token) and say where they post:
    # no form and token per post, the page stays small on slow connections.
    def solution(post_id: int) -> str:
        if not reader.can_mark:
            return ""
        thr = reader.thread
        if thr.solution_post_id == post_id:
            action, label = f"{thread_base}{thr.id}/solution/clear", texts["unmark"]
        else:
            action, label = f"{thread_base}{thr.id}/solution", texts["mark"]
        return (f'<button type="submit" form="{FORM}" formaction="{action}" name="post_id" value="{post_id}" '
                f'class="link solution-button">{label}</button>')

    # Built once per request, filled in per post: the reaction buttons (pressed or not) and the plain counts.
    buttons = {kind: tuple(
        f'<button type="submit" form="{FORM}" formaction="{post_base}{{post}}/reactions/{kind}" name="on" '
        f'value="{0 if pressed else 1}" class="reaction" data-kind="{kind}" '
        f'aria-pressed="{"true" if pressed else "false"}">{labels[kind]} <span class="count">{{count}}</span></button>'
        for pressed in (False, True)) for kind in REACTION_KINDS} if user is not None else {}
    plain = {kind: f'<span class="reaction">{labels[kind]} <span class="count">{{count}}</span></span>'
             for kind in REACTION_KINDS}
    who = f'<a class="muted who" href="{post_base}{{post}}/reactions">{texts["who"]}</a>'

    def reactions(post_id: int, author_id: int, *counts: int) -> str:
        if user is not None and services.can_react(user, author_id):
            mine = reader.mine.get(post_id, ())
            parts = [buttons[kind][kind in mine].format(post=post_id, count=count)
                     for kind, count in zip(REACTION_KINDS, counts, strict=True)]
        else:
            parts = [plain[kind].format(count=count) for kind, count in zip(REACTION_KINDS, counts, strict=True)
                     if count]
        if any(counts):
            parts.append(who.format(post=post_id))
        if not parts:
            return ""
        return f'<div class="reactions" data-post="{post_id}">{"".join(parts)}</div>'

    def history_open(post_id: int, author_id: int) -> str:
        if revisions.can_view_history(user, author_id):
            return f'<a class="muted" href="{post_base}{post_id}/history">'
        return '<span class="muted">'

    def history_close(author_id: int) -> str:
        return "</a>" if revisions.can_view_history(user, author_id) else "</span>"

    def divider(number: int) -> str:
        if reader.first_unread != number:
            return ""
        return f'<p class="new-divider" id="new"><span>{texts["new"]}</span></p>'

    def listed(thread_id: int, post_count: int) -> str:
        read = reader.positions.get(thread_id)
        if read is None or read >= post_count:
            return ""
        fresh = post_count - read
        page = read // reader.posts_per_page + 1
        query = f"?page={page}" if page > 1 else ""
        label = escape(ngettext("%(num)d new", "%(num)d new", fresh))
        return f' <a class="badge new" href="{thread_base}{thread_id}{query}#new">{label}</a>'

    texts["report"], texts["review"] = escape(_("Report")), escape(_("Review"))

    def report(post_id: int, author_id: int) -> str:
        if user is None or user.suspended:
            return ""
        links = []
        if user.id != author_id:
            links.append(f'<a href="{report_base[0]}/{post_id}/{report_base[1]}" rel="nofollow">{texts["report"]}</a>')
        if user.is_moderator:
            links.append(f'<a href="{review_base}{post_id}">{texts["review"]}</a>')
        return " ".join(links)

    report_base = url_for("moderation.report", post_id=0).rsplit("/0/", 1) if user is not None else None
    review_base = url_for("moderation.review", post_id=0)[:-1] if user is not None and user.is_moderator else ""
    handlers = {"e": edit, "s": solution, "r": reactions, "n": divider, "t": listed, "f": report,
                "h": history_open, "k": history_close}

    def replace(match) -> str:
        return handlers[match.group(1)](*map(int, match.group(2).split(":")))

    return _MARK_RE.sub(replace, html)
