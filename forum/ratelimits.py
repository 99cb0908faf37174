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
