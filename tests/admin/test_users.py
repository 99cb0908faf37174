"""Admins find accounts (search, role, region, suspended), change roles (logged) and suspend from one page."""

from __future__ import annotations

import pytest

from forum.moderation import services as moderation
from tests.fixtures.api import Api
from tests.fixtures.web import AuthActions, post_form


@pytest.fixture
def people(app, make_user, admin, user, other_user, moderator):
    """Rina (Bukittinggi), Budi (Padang), Sari (moderator), Kepala (admin) and Dewi, suspended."""
    make_user("dewi", region="padang", display_name="Dewi Lestari", institution="Perpustakaan UNAND")
    with app.app_context():
        moderation.suspend(None, "dewi", "Spam berulang")


def _names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["username"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["budi", "dewi", "kepala", "rina", "sari"]),
    ("?q=marlina", ["rina"]),
    ("?q=UNAND", ["dewi"]),
    ("?q=%25", []),  # a LIKE wildcard is searched as itself
    ("?role=moderator", ["sari"]),
    ("?role=admin", ["kepala"]),
    ("?region=padang", ["budi", "dewi"]),
    ("?suspended=true", ["dewi"]),
    ("?suspended=false&region=padang", ["budi"]),
])
def test_admins_search_and_filter_every_account(admin_api, people, query, expected):
    assert _names(admin_api.get("/users" + query)) == expected


def test_admins_see_the_email_and_standing(admin_api, people):
    dewi = admin_api.get("/users?q=dewi").get_json()["items"][0]
    assert dewi["email"] == "dewi@example.org" and dewi["suspended"] is True and dewi["region"] == "padang"


@pytest.mark.parametrize(("query", "field", "message"), [
    ("?role=boss", "role", "Choose one of: member, moderator, admin."),
    ("?region=atlantis", "region", "No such region."),
    ("?suspended=maybe", "suspended", "true or false."),
    ("?skill=juggling", "skill", "No such skill."),
    ("?skill=cataloguing&level=9", "level", "A level from 1 to 4."),
    ("?mentor=perhaps", "mentor", "true or false."),
    ("?q=" + "x" * 101, "q", "At most 100 characters."),
])
def test_bad_filters_are_a_400_naming_the_filter(admin_api, people, query, field, message):
    response = admin_api.get("/users" + query)
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {field: message}


def test_a_role_change_is_logged_with_who_why_and_what(app, client, admin_api, people):
    response = admin_api.put("/users/rina/role", {"role": "moderator", "reason": "Koordinator wilayah"})
    assert response.status_code == 200 and response.get_json()["role"] == "moderator"
    log = admin_api.get("/moderation/log?action=role").get_json()["items"]
    assert [(e["user"], e["by"], e["reason"], e["detail"]) for e in log] == [
        ("rina", "kepala", "Koordinator wilayah", "member → moderator")]
    again = admin_api.put("/users/rina/role", {"role": "moderator"})
    assert again.status_code == 200 and len(admin_api.get("/moderation/log?action=role").get_json()["items"]) == 1


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"role": "owner"}, 400, "member, moderator, admin"),
    ({}, 400, "member, moderator, admin"),
    ({"role": "member", "reason": "x" * 501}, 400, "At most 500 characters."),
])
def test_bad_role_changes_are_refused(admin_api, people, body, status, message):
    response = admin_api.put("/users/rina/role", body)
    assert response.status_code == status
    assert message in str(response.get_json()["error"])


def test_the_last_admin_cannot_step_down(admin_api, people):
    response = admin_api.put("/users/kepala/role", {"role": "member"})
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == (
        "Kepala Perpustakaan is the last admin: make someone else an admin first.")
    assert admin_api.put("/users/sari/role", {"role": "admin"}).status_code == 200
    assert admin_api.put("/users/kepala/role", {"role": "member"}).status_code == 200


def test_an_unknown_account_is_a_404(admin_api):
    assert admin_api.put("/users/nobody/role", {"role": "admin"}).status_code == 404


def test_the_users_page_filters_changes_roles_and_suspends(app, client, admin_browser, people):
    page = admin_browser.get("/admin/users?region=padang").get_data(as_text=True)
    assert "budi@example.org" in page and "Dewi Lestari" in page and "Rina Marlina" not in page
    back = "/admin/users?region=padang"
    changed = post_form(admin_browser, "/admin/users/budi/role", {"role": "moderator", "reason": "", "back": back},
                        token_from=back)
    assert changed.status_code == 302 and changed.headers["Location"] == back
    assert "Budi is now: Moderator." in admin_browser.get(back).get_data(as_text=True)

    refused = post_form(admin_browser, "/admin/users/budi/suspend", {"reason": "", "back": back}, token_from=back)
    assert "Say why" in admin_browser.get(refused.headers["Location"]).get_data(as_text=True)
    post_form(admin_browser, "/admin/users/budi/suspend", {"reason": "Akun dibobol", "back": back}, token_from=back)
    assert _sign_in_status(app, "budi") == 401  # refused: suspended
    post_form(admin_browser, "/admin/users/budi/reinstate", {"reason": "Sudah aman", "back": back}, token_from=back)
    assert _sign_in_status(app, "budi") == 302

    elsewhere = post_form(admin_browser, "/admin/users/rina/role",
                          {"role": "member", "back": "https://evil.example/admin/users"}, token_from=back)
    assert elsewhere.headers["Location"] == "/admin/users"


def _sign_in_status(app, username) -> int:
    return AuthActions(app.test_client()).login(username).status_code


def test_the_cli_still_sets_roles(app, people):
    result = app.test_cli_runner().invoke(args=["users", "set-role", "rina", "admin"])
    assert result.exit_code == 0 and "rina is now admin" in result.output


def test_a_demoted_moderator_loses_moderation_at_once(client, admin_api, people):
    sari = Api(client).sign_in("sari")
    assert sari.get("/moderation/log").status_code == 200
    admin_api.put("/users/sari/role", {"role": "member"})
    assert sari.get("/moderation/log").status_code == 403
