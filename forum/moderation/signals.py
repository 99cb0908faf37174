"""What moderation tells other capabilities, sent after the write has committed.

Notifications listen (the post's author hears of it); moderation never imports them.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A moderator (or the flags, ``by_id`` None) acted on a post: ``post_id``, ``thread_id``, ``author_id``,
#: ``action`` (hide, auto_hide, restore, delete, approve), ``by_id``.
post_moderated = _signals.signal("post-moderated")
