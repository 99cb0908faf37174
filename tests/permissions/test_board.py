"""The permission matrix of the board: every role tries reading, posting, replying and editing.

Each capability's matrix lives beside this one (tests/permissions/); they share the cast
(tests/fixtures/roles.py). A cell is the HTTP status the role gets.
"""

from __future__ import annotations

import pytest

from tests.fixtures.roles import ROLES

#                        guest new   member author other  susp  mod   admin
MATRIX = {
    "read_thread":      (200,  200,  200,   200,   200,   401,  200,  200),
    "create_thread":    (401,  201,  201,   201,   201,   401,  201,  201),
    "reply":            (401,  201,  201,   201,   201,   401,  201,  201),
    "edit_own_post":    (401,  403,  403,   200,   403,   401,  200,  200),
    "mark_solution":    (401,  403,  403,   200,   403,   401,  200,  200),
    "react":            (401,  200,  200,   200,   403,   401,  200,  200),
}


def _act(cast, role, action):
    api = cast.api(role)
    thread, own, other = cast.thread, cast.own_post, cast.other_post
    if action == "read_thread":
        return api.get(f"/threads/{thread.id}")
    if action == "create_thread":
        return api.post("/threads", {"category": "teknologi-informasi", "title": "Pertanyaan baru dari matriks",
                                     "body": "Bagaimana cara menyiangi koleksi?"})
    if action == "reply":
        return api.post(f"/threads/{thread.id}/posts", {"body": "Balasan dari matriks izin."})
    if action == "edit_own_post":  # the author's own reply, edited by each role
        return api.patch(f"/posts/{own.id}", {"body": "Isi yang diubah oleh matriks."})
    if action == "mark_solution":
        return api.put(f"/threads/{thread.id}/solution", {"post_id": other.id})
    if action == "react":  # to the other member's reply: its own author may not
        return api.put(f"/posts/{other.id}/reactions/helpful")
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_board_permission_matrix(cast, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    response = _act(cast, role, action)
    assert response.status_code == expected, (role, action, response.get_json())
