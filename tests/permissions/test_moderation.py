"""The permission matrix of moderation: every role flags, hides, restores, removes, dismisses, reads the queue,
approves and lifts new-account limits.

The cast is tests/fixtures/roles.py's; a cell is the HTTP status the role gets. The post acted on is the
other member's reply (``cast.other_post``), put first in the state the action needs.
"""

from __future__ import annotations

import pytest

from forum.accounts import services as accounts
from forum.board import services as board
from forum.board.models import Post
from forum.database import write
from forum.extensions import db
from forum.moderation import flags, queue
from tests.fixtures.roles import ROLES, USERNAMES

#                          guest new   member author other  susp  mod   admin
MATRIX = {
    "flag":               (401,  201,  201,   201,   403,   401,  201,  201),
    "queue":              (401,  403,  403,   403,   403,   401,  200,  200),
    "hide":               (401,  403,  403,   403,   403,   401,  200,  200),
    "restore_hidden":     (401,  403,  403,   403,   403,   401,  200,  200),
    "delete":             (401,  403,  403,   403,   403,   401,  200,  200),
    "restore_deleted":    (401,  403,  403,   403,   403,   401,  403,  200),
    "dismiss":            (401,  403,  403,   403,   403,   401,  200,  200),
    "approve":            (401,  403,  403,   403,   403,   401,  200,  200),
    "trust":              (401,  403,  403,   403,   403,   401,  200,  200),
    "read_hidden":        (200,  200,  200,   200,   200,   401,  200,  200),
    "read_deleted":       (404,  404,  404,   404,   404,   401,  200,  200),
}


def _prepare(app, cast, action) -> None:
    """Put the other member's reply in the state ``action`` needs, as the moderator would."""
    post_id = cast.other_post.id
    with app.app_context():
        moderator = accounts.user_by_username(USERNAMES["moderator"])
        if action in ("restore_hidden", "read_hidden"):
            queue.hide(moderator, post_id, "Nada kasar")
        elif action in ("restore_deleted", "read_deleted"):
            queue.delete(moderator, post_id, "Iklan")
        elif action == "dismiss":
            flags.flag(accounts.user_by_username(USERNAMES["member"]), post_id, "spam")
        elif action == "approve":
            with write():
                board.set_post_state(db.session.get(Post, post_id), "pending")


def _act(cast, role, action):
    api = cast.api(role)
    post_id = cast.other_post.id
    if action == "flag":
        return api.post(f"/posts/{post_id}/flags", {"reason": "spam"})
    if action == "queue":
        return api.get("/moderation/queue")
    if action == "hide":
        return api.post(f"/posts/{post_id}/hide", {"reason": "Nada kasar"})
    if action in ("restore_hidden", "restore_deleted"):
        return api.post(f"/posts/{post_id}/restore", {})
    if action == "delete":
        return api.delete(f"/posts/{post_id}", json={"reason": "Iklan"})
    if action == "dismiss":
        return api.post(f"/posts/{post_id}/flags/dismiss", {})
    if action == "approve":
        return api.post(f"/posts/{post_id}/approve", {})
    if action == "trust":
        return api.post(f"/users/{USERNAMES['new_member']}/trust", {"established": True})
    if action in ("read_hidden", "read_deleted"):
        return api.get(f"/posts/{post_id}")
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_moderation_permission_matrix(app, cast, role, action):
    _prepare(app, cast, action)
    expected = MATRIX[action][ROLES.index(role)]
    response = _act(cast, role, action)
    assert response.status_code == expected, (role, action, response.get_json())
    if action == "read_hidden" and expected == 200:
        body = response.get_json()
        assert body["hidden"] is True
        sees_text = role in ("other_member", "moderator", "admin")  # the post's author and moderators
        assert (body["body"] != "") is sees_text, body
        assert ("hidden_reason" in body) is sees_text, body
