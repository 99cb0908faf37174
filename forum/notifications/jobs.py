"""Background jobs of notifications: each event's fan-out runs here, outside the request that caused it.

Every job loads what it needs by id in its own session; a retried post job
stores nothing twice (unique per member and post).
"""

from __future__ import annotations

from forum.notifications import (
    digests,  # noqa: F401 - its periodic jobs (daily and weekly digests) register here
    emails,  # noqa: F401 - its periodic job (notification mail) registers here
    fanout,
)
from forum.tasks import PRIORITY_PROMPT, job


@job(retries=3, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_post_created(post_id: int) -> None:
    """A new post: replies, mentions and watchers."""
    fanout.post_created(post_id)


@job(retries=3, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_post_edited(post_id: int, editor_id: int) -> None:
    """An edited post: the members it newly mentions."""
    fanout.post_edited(post_id, editor_id)


@job(retries=3, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_solution(post_id: int, by_id: int) -> None:
    """A reply marked as the solution: its author."""
    fanout.solution_marked(post_id, by_id)


@job(retries=1, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_reaction(post_id: int, user_id: int) -> None:
    """A reaction: the post's author, grouped with the other unread reactions to that post."""
    fanout.reaction_added(post_id, user_id)


@job(retries=3, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_thread_moderated(thread_id: int, action: str, actor_id: int, told: list[int], source_id: int | None,
                            post_ids: list[int] | None) -> None:
    """A moderator's action on a thread: the authors concerned; a merge or split moves watches and notifications."""
    fanout.thread_moderated(thread_id, action, actor_id, told, source_id, post_ids)


@job(retries=1, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_mentorship(mentorship_id: int, event: str, actor_id: int | None) -> None:
    """A mentorship proposed or changed: both people."""
    fanout.mentorship_changed(mentorship_id, event, actor_id)


@job(retries=1, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_live_session(session_id: int, actor_id: int | None) -> None:
    """A live session opened: those following its category."""
    fanout.live_session_opened(session_id, actor_id)


@job(retries=1, retry_delay=10, priority=PRIORITY_PROMPT)
def notify_moderation(post_id: int, action: str, by_id: int | None) -> None:
    """A moderator (or the flags) acted on a post: its author."""
    fanout.post_moderated(post_id, action, by_id)
