"""The permission matrix of reference data: every role reads regions and skills and tries the admin's changes.

API actions use the cast's JSON clients; page actions sign in through the login page
(the suspended member cannot, so pages treat them as a guest: to the sign-in page).
A cell is the HTTP status the role gets.
"""

from __future__ import annotations

import pytest

from tests.fixtures.domain import PASSWORD
from tests.fixtures.roles import ROLES
from tests.fixtures.web import AuthActions, post_form

#                        guest new   member author other  susp  mod   admin
MATRIX = {
    "list_regions":     (200,  200,  200,   200,   200,   401,  200,  200),
    "list_skills":      (200,  200,  200,   200,   200,   401,  200,  200),
    "add_skill":        (401,  403,  403,   403,   403,   401,  403,  201),
    "retire_skill":     (401,  403,  403,   403,   403,   401,  403,  200),
    "page_skills":      (302,  403,  403,   403,   403,   302,  403,  200),
    "page_add_skill":   (302,  403,  403,   403,   403,   302,  403,  302),
    "page_rename_skill": (302, 403,  403,   403,   403,   302,  403,  302),
    "page_regions":     (302,  403,  403,   403,   403,   302,  403,  200),
    "page_add_region":  (302,  403,  403,   403,   403,   302,  403,  302),
    "page_rename_region": (302, 403, 403,   403,   403,   302,  403,  302),
}


def _page(cast, role, method, path, data=None):
    client = cast.client
    signs_in = cast.username(role) is not None and role != "suspended"
    if signs_in:
        AuthActions(client).login(cast.username(role), PASSWORD)
    if method == "get":
        return client.get(path)
    return post_form(client, path, data or {}, token_from="/" if signs_in else "/login")


def _act(cast, role, action):
    api = cast.api(role)
    if action == "list_regions":
        return api.get("/regions?province=13")
    if action == "list_skills":
        return api.get("/skills")
    if action == "add_skill":
        return api.post("/skills", {"slug": "arsip-desa", "name_id": "Kearsipan desa", "name_en": "Village archives",
                                    "area": "preservation"})
    if action == "retire_skill":
        return api.patch("/skills/social-media", {"retired": True})
    if action == "page_skills":
        return _page(cast, role, "get", "/admin/skills")
    if action == "page_add_skill":
        return _page(cast, role, "post", "/admin/skills", {"slug": "arsip-desa", "name_id": "Kearsipan desa",
                                                            "name_en": "Village archives", "area": "preservation"})
    if action == "page_rename_skill":
        return _page(cast, role, "post", "/admin/skills/cataloguing", {"name_id": "Katalogisasi",
                                                                        "name_en": "Cataloguing"})
    if action == "page_regions":
        return _page(cast, role, "get", "/admin/regions?province=13")
    if action == "page_add_region":
        return _page(cast, role, "post", "/admin/regions", {"province": "13", "name": "Kabupaten Baru",
                                                             "kind": "regency"})
    if action == "page_rename_region":
        return _page(cast, role, "post", "/admin/regions/bukittinggi", {"name": "Bukittinggi", "province": "13"})
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_reference_permission_matrix(cast, role, action):
    expected = MATRIX[action][ROLES.index(role)]
    response = _act(cast, role, action)
    assert response.status_code == expected, (role, action, response.get_data(as_text=True)[:300])
