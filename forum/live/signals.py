"""What live sessions tell other capabilities, sent after the write has committed.

Listeners (notifications) subscribe; live never imports them.
"""

from __future__ import annotations

from blinker import Namespace

from forum.database import after_commit

_signals = Namespace()

#: A session's room opened: ``session_id``, ``actor_id`` (who opened it).
session_opened = _signals.signal("session-opened")


def send_after_commit(signal, **data) -> None:
    """Send ``signal`` with ``data`` once the current write commits (at once outside one)."""
    after_commit(lambda: signal.send(None, **data))
