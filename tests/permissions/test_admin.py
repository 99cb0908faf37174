"""The permission matrix of administration and the member directory: every role tries every action.

API cells are HTTP statuses (a suspended member's old token is refused: 401). Page cells are what
a browser signed in as the role gets: guests, and the suspended member who cannot sign in, are sent
to the sign-in page (302); members who are not admins get the 403 page.
"""

from __future__ import annotations

import pytest

from tests.fixtures.domain import PASSWORD
from tests.fixtures.roles import ROLES, USERNAMES
from tests.fixtures.web import AuthActions, post_form

#                          guest new   member author other  susp  mod   admin
MATRIX = {
    "add_category":       (401,  403,  403,   403,   403,   401,  403,  201),
    "rename_category":    (401,  403,  403,   403,   403,   401,  403,  200),
    "archive_category":   (401,  403,  403,   403,   403,   401,  403,  200),
    "list_users_by_role": (401,  403,  403,   403,   403,   401,  403,  200),
    "member_directory":   (401,  200,  200,   200,   200,   401,  200,  200),
    "change_role":        (401,  403,  403,   403,   403,   401,  403,  200),
}

PAGES = {
    "/admin/":           (302,  403,  403,   403,   403,   302,  403,  200),
    "/admin/categories": (302,  403,  403,   403,   403,   302,  403,  200),
    "/admin/categories/layanan-online": (302, 403, 403, 403, 403, 302, 403, 200),
    "/admin/users":      (302,  403,  403,   403,   403,   302,  403,  200),
    "/members":          (302,  200,  200,   200,   200,   302,  200,  200),
}

PAGE_POSTS = {  # a form each role submits with its own page's CSRF token
    "/admin/categories/layanan-online/archive": (302, 403, 403, 403, 403, 302, 403, 302),
    "/admin/categories/layanan-online/move/up": (302, 403, 403, 403, 403, 302, 403, 302),
    "/admin/users/anggota/role":                (302, 403, 403, 403, 403, 302, 403, 302),
}


def _act(cast, role, action):
    api = cast.api(role)
    if action == "add_category":
        return api.post("/categories", {"slug": f"baru-{role.replace('_', '-')}", "name": "Kategori Baru",
                                        "description": "Untuk matriks izin.", "kind": "discussion"})
    if action == "rename_category":
        return api.patch("/categories/layanan-online", {"name": "Layanan Daring", "name_en": "Online services"})
    if action == "archive_category":
        return api.patch("/categories/layanan-online", {"archived": True})
    if action == "list_users_by_role":
        return api.get("/users?role=moderator")
    if action == "member_directory":
        return api.get("/users?q=an")
    if action == "change_role":
        return api.put("/users/anggota/role", {"role": "moderator", "reason": "Membantu moderasi"})
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_admin_permission_matrix(cast, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    response = _act(cast, role, action)
    assert response.status_code == expected, (role, action, response.get_json())


def _browser(app, role):
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if role != "guest":
        AuthActions(browser).login(USERNAMES[role], PASSWORD)  # the suspended member's sign-in is refused
    return browser


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_matrix(app, cast, role):
    browser = _browser(app, role)
    got = {path: browser.get(path).status_code for path in PAGES}
    assert got == {path: cells[ROLES.index(role)] for path, cells in PAGES.items()}, role


@pytest.mark.parametrize("role", ROLES)
def test_admin_forms_matrix(app, cast, role):
    browser = _browser(app, role)
    page = "/login" if role in ("guest", "suspended") else "/"  # a page with a CSRF token for this browser
    got = {path: post_form(browser, path, {"role": "moderator", "reason": "Matriks"}, token_from=page).status_code
           for path in PAGE_POSTS}
    assert got == {path: cells[ROLES.index(role)] for path, cells in PAGE_POSTS.items()}, role


@pytest.mark.parametrize("role", ["new_member", "member", "moderator"])
def test_members_never_see_emails_or_suspended_accounts(cast, role):
    items = cast.api(role).get("/users?q=").get_json()["items"]
    assert items and all("email" not in item for item in items)
    assert USERNAMES["suspended"] not in {item["username"] for item in items}


def test_admins_see_emails_and_suspended_accounts(cast):
    items = {item["username"]: item for item in cast.api("admin").get("/users").get_json()["items"]}
    assert items[USERNAMES["suspended"]]["suspended"] is True
    assert items[USERNAMES["member"]]["email"] == "anggota@example.org"
