"""The permission matrix of account safety: every role exports, deletes, changes password and address, asks for links.

A cell is the HTTP status the role gets. The suspended member's token was issued before
the suspension, which ended every session: 401, even where a guest is welcome (a request
with a dead token is refused before it is read). Each action is a member's own: nobody
acts on another's account here (admins change others through the admin pages).
"""

from __future__ import annotations

import pytest

from tests.accounts.helpers import mark_verified
from tests.fixtures.domain import PASSWORD
from tests.fixtures.roles import ROLES, USERNAMES

#                          guest new   member author other  susp  mod   admin
MATRIX = {
    "export":             (401,  200,  200,   200,   200,   401,  200,  200),
    "delete_account":     (401,  204,  204,   204,   204,   401,  204,  204),
    "change_password":    (401,  204,  204,   204,   204,   401,  204,  204),
    "change_email":       (401,  202,  202,   202,   202,   401,  202,  202),
    "ask_verification":   (401,  202,  202,   202,   202,   401,  202,  202),
    "ask_password_reset": (202,  202,  202,   202,   202,   401,  202,  202),
}

# With JEJARING_VERIFY_EMAIL on and every address confirmed but the new member's.
#                          guest new   member author other  susp  mod   admin
VERIFYING = {
    "reply":              (401,  403,  201,   201,   201,   401,  201,  201),
    "export":             (401,  200,  200,   200,   200,   401,  200,  200),
    "change_email":       (401,  202,  202,   202,   202,   401,  202,  202),
    "ask_verification":   (401,  202,  409,   409,   409,   401,  409,  409),
}


def _act(cast, role, action):
    api = cast.api(role)
    if action == "export":
        return api.get("/me/export")
    if action == "delete_account":
        return api.delete("/me", json={"password": PASSWORD})
    if action == "change_password":
        return api.put("/me/password", {"current_password": PASSWORD, "password": "kata-sandi-baru-matriks"})
    if action == "change_email":
        return api.put("/me/email", {"password": PASSWORD, "email": f"{role}.baru@example.org"})
    if action == "ask_verification":
        return api.post("/me/verification")
    if action == "ask_password_reset":
        return api.post("/password-reset", {"email": f"{USERNAMES.get(role, 'tamu')}@example.org"})
    if action == "reply":
        return api.post(f"/threads/{cast.thread.id}/posts", {"body": "Balasan dari matriks izin."})
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_accounts_permission_matrix(cast, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    response = _act(cast, role, action)
    assert response.status_code == expected, (role, action, response.get_json())


@pytest.mark.parametrize("action", sorted(VERIFYING))
@pytest.mark.parametrize("role", ROLES)
def test_accounts_permission_matrix_with_verification_required(app, cast, role, action):
    mark_verified(app, *(name for r, name in USERNAMES.items() if r != "new_member"))
    app.config["JEJARING_VERIFY_EMAIL"] = True
    expected = VERIFYING[action][ROLES.index(role)]
    response = _act(cast, role, action)
    assert response.status_code == expected, (role, action, response.get_json())
    if expected == 403:
        assert response.get_json()["error"]["code"] == "unverified"
