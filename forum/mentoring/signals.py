"""What mentoring tells other capabilities, sent after the write has committed.

Listeners (notifications) subscribe; mentoring never imports them.
"""

from __future__ import annotations

from blinker import Namespace

from forum.database import after_commit

_signals = Namespace()

#: A mentorship was proposed or changed: ``mentorship_id``, ``event`` (proposed; accepted: one side said yes;
#: active: both did; declined, completed, ended) and ``actor_id`` (who did it; None for a matching round's).
mentorship_changed = _signals.signal("mentorship-changed")


def send_after_commit(signal, **data) -> None:
    """Send ``signal`` with ``data`` once the current write commits (at once outside one)."""
    after_commit(lambda: signal.send(None, **data))
