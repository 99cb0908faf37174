"""Signal receivers: other capabilities' events, sent after their commit, become notification jobs.

Board, mentoring and live never import notifications; they send signals and
this module listens (connected once, when the notifications pages register).
"""

from __future__ import annotations

from forum.board import signals as board_signals
from forum.live import signals as live_signals
from forum.mentoring import signals as mentoring_signals
from forum.moderation import signals as moderation_signals
from forum.notifications import jobs


def _post_created(sender, post_id: int, **_data) -> None:
    jobs.notify_post_created(post_id)


def _post_edited(sender, post_id: int, editor_id: int, **_data) -> None:
    jobs.notify_post_edited(post_id, editor_id)


def _solution_marked(sender, post_id: int, by_id: int, **_data) -> None:
    jobs.notify_solution(post_id, by_id)


def _reaction_added(sender, post_id: int, user_id: int, **_data) -> None:
    jobs.notify_reaction(post_id, user_id)


def _thread_moderated(sender, thread_id: int, action: str, actor_id: int, told: list[int], source_id=None,
                      post_ids=None, **_data) -> None:
    jobs.notify_thread_moderated(thread_id, action, actor_id, told, source_id, post_ids)


def _mentorship_changed(sender, mentorship_id: int, event: str, actor_id: int | None = None, **_data) -> None:
    jobs.notify_mentorship(mentorship_id, event, actor_id)


def _live_session_opened(sender, session_id: int, actor_id: int | None = None, **_data) -> None:
    jobs.notify_live_session(session_id, actor_id)


def _post_moderated(sender, post_id: int, action: str, by_id: int | None = None, **_data) -> None:
    jobs.notify_moderation(post_id, action, by_id)


def connect() -> None:
    """Subscribe to every signal notifications react to (blinker keeps one subscription per receiver)."""
    board_signals.post_created.connect(_post_created)
    board_signals.post_edited.connect(_post_edited)
    board_signals.solution_marked.connect(_solution_marked)
    board_signals.reaction_added.connect(_reaction_added)
    board_signals.thread_moderated.connect(_thread_moderated)
    mentoring_signals.mentorship_changed.connect(_mentorship_changed)
    live_signals.session_opened.connect(_live_session_opened)
    moderation_signals.post_moderated.connect(_post_moderated)
