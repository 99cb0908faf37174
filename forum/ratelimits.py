"""Rate limits shared by a page and its API route, so both edges draw on one count.

Keyed on the client address (``forum.proxy``); the numbers are settings
(README, configuration). Sign-in has its own in ``forum.accounts.limits``.
"""

from __future__ import annotations

from flask import current_app

from forum.extensions import limiter


def _setting(name: str):
    return lambda: current_app.config[name]


# Saving an edited post (the edit page's POST, PATCH /api/v1/posts/ID).
post_edits = limiter.shared_limit(_setting("EDIT_LIMIT"), "post-edits", methods=["POST", "PATCH"],
                                  override_defaults=False)
# Saving a profile (the settings page's POST, PATCH /api/v1/me).
profile_changes = limiter.shared_limit(_setting("PROFILE_LIMIT"), "profile-changes", methods=["POST", "PATCH"],
                                       override_defaults=False)
# Running a search (GET /search, GET /api/v1/search): the most expensive read.
searches = limiter.shared_limit(_setting("SEARCH_LIMIT"), "searches", override_defaults=False)
# Mails a visitor can make the site send: reset links (the form and POST /api/v1/password-reset) ...
password_resets = limiter.shared_limit(_setting("PASSWORD_RESET_LIMIT"), "password-resets", methods=["POST"],
                                       override_defaults=False)
# ... and new confirmation links (the settings button and POST /api/v1/me/verification).
verification_mails = limiter.shared_limit(_setting("VERIFICATION_LIMIT"), "verification-mails", methods=["POST"],
                                          override_defaults=False)
# Changing the password or address, deleting the account: each asks the password, so each is a guess too.
account_changes = limiter.shared_limit(_setting("PROFILE_LIMIT"), "account-changes",
                                       methods=["POST", "PUT", "DELETE"], override_defaults=False)
