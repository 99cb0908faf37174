"""What accounts tells the capabilities above it; accounts imports none of them (DESIGN.md).

Mails: accounts decides that a member is sent a link and makes its signed token;
``forum/mail/account_mails.py`` listens, writes the mail in the member's language and
queues it. These are sent after the write commits and carry ids and plain values.

Personal data: each capability keeps its own tables, so each contributes its part.
A module ``forum/CAPABILITY/personal.py`` (imported when the app is made) connects to:

- ``export_requested(user)``: return ``{section: JSON-ready data}``; the export is
  the account's own fields plus every receiver's sections;
- ``account_deleting(user, remove_posts=bool)``: erase or anonymise that capability's
  personal data about ``user``, inside the deletion's transaction (one write: all or nothing).

Blinker signals rather than a registry of functions: the project already uses them for
every "others react" case (board, mentoring, live), ``send`` collects the receivers'
answers, and accounts needs to know nothing about who listens.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Send ``address`` (the account's, or a new one asked for) a link with ``token`` to confirm it: ``user_id``,
#: ``address``, ``token``, ``change`` (True: a new address from the settings; ``old_address`` is told too).
verification_requested = _signals.signal("verification-requested")
#: Send the account's address a password reset link: ``user_id``, ``token``.
password_reset_requested = _signals.signal("password-reset-requested")
#: The password was changed (in the settings or by a reset link): ``user_id``; the member is told by mail.
password_changed = _signals.signal("password-changed")
#: Gather a member's personal data: receivers return ``{section: data}`` (see the module).
export_requested = _signals.signal("export-requested")
#: Erase a member's personal data, inside the deleting transaction: ``remove_posts``.
account_deleting = _signals.signal("account-deleting")
