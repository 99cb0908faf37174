"""What the board tells other capabilities, sent after the write has committed.

Listeners (notifications, insight) subscribe; ``board`` never imports them.
Every signal carries ids, not objects: a listener loads what it needs in its
own session, possibly in a background job.
"""

from __future__ import annotations

from blinker import Namespace

from forum.database import after_commit

_signals = Namespace()

#: A post was written: ``post_id``, ``thread_id``, ``author_id``, ``new_thread`` (its first post).
post_created = _signals.signal("post-created")
#: A post's text changed: ``post_id``, ``thread_id``, ``author_id`` (of the post), ``editor_id``.
post_edited = _signals.signal("post-edited")
#: A reply was marked as a thread's solution: ``thread_id``, ``post_id``, ``by_id``.
solution_marked = _signals.signal("solution-marked")
#: A member reacted to a post: ``post_id``, ``thread_id``, ``user_id``, ``kind``.
reaction_added = _signals.signal("reaction-added")
#: A moderator acted on a thread (forum.board.moderate): ``thread_id`` (where its posts are now), ``action``
#: (lock, unlock, pin, unpin, move, merge, split), ``actor_id``, ``told`` (ids of the members to tell), and for a
#: merge or split ``source_id`` (the thread merged away, or split from) and ``post_ids`` (a split's posts).
thread_moderated = _signals.signal("thread-moderated")


def send_after_commit(signal, **data) -> None:
    """Send ``signal`` with ``data`` once the current write commits (at once outside one)."""
    after_commit(lambda: signal.send(None, **data))
