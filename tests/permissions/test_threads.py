"""The permission matrix of thread moderation and edit history: every role locks, pins, moves, merges,
splits and reads a post's revisions (the author's own reply, edited once).

A cell is the HTTP status the role gets (see tests/fixtures/roles.py for the cast).
"""

from __future__ import annotations

import pytest

from forum.board import services as board
from tests.fixtures.roles import ROLES

#                        guest new   member author other  susp  mod   admin
MATRIX = {
    "lock":             (401,  403,  403,   403,   403,   401,  200,  200),
    "unlock":           (401,  403,  403,   403,   403,   401,  200,  200),
    "pin":              (401,  403,  403,   403,   403,   401,  200,  200),
    "unpin":            (401,  403,  403,   403,   403,   401,  200,  200),
    "move":             (401,  403,  403,   403,   403,   401,  200,  200),
    "merge":            (401,  403,  403,   403,   403,   401,  200,  200),
    "split":            (401,  403,  403,   403,   403,   401,  201,  201),
    "revisions":        (401,  403,  403,   200,   403,   401,  200,  200),
}


@pytest.fixture
def setting(app, cast):
    """The cast's thread, locked and pinned (so unlocking and unpinning have something to undo), a second
    thread to merge into, and the author's reply edited once."""
    from forum.accounts.models import User
    from forum.board import moderate
    from forum.extensions import db

    with app.app_context():
        moderator = db.session.scalar(db.select(User).where(User.username == cast.username("moderator")))
        author = db.session.scalar(db.select(User).where(User.username == cast.username("author")))
        other = board.create_thread(author, "teknologi-informasi", "Utas tujuan penggabungan", "Isi tujuan.")
        board.edit_post(author, cast.own_post.id, "Terima kasih, sudah saya coba.")
        locked = moderate.set_flag(moderator, cast.thread.id, "lock")
        moderate.set_flag(moderator, locked.id, "pin")
    return other


def _act(cast, role, action, other):
    api = cast.api(role)
    thread, own, other_post = cast.thread, cast.own_post, cast.other_post
    if action in ("lock", "pin"):  # the setting locked and pinned the cast's thread: act on the other one
        return api.post(f"/threads/{other.id}/{action}", {"reason": "Matriks izin"})
    if action in ("unlock", "unpin"):
        return api.post(f"/threads/{thread.id}/{action}", {"reason": "Matriks izin"})
    if action == "move":
        return api.post(f"/threads/{thread.id}/move", {"category": "studi-kasus"})
    if action == "merge":
        return api.post(f"/threads/{thread.id}/merge", {"into": other.id})
    if action == "split":
        return api.post(f"/threads/{thread.id}/split", {"post_ids": [other_post.id], "title": "Pisahan matriks"})
    if action == "revisions":
        return api.get(f"/posts/{own.id}/revisions")
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_thread_moderation_permission_matrix(cast, setting, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    response = _act(cast, role, action, setting)
    assert response.status_code == expected, (role, action, response.get_json())
