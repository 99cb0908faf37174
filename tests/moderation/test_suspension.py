"""Suspending and reinstating accounts: who may, what it ends, what the log keeps."""

from __future__ import annotations

import pytest

from forum.accounts import services as accounts
from forum.database import write
from forum.moderation import services
from tests.fixtures.api import Api
from tests.fixtures.web import AuthActions, post_form


def test_a_moderator_suspends_a_member_from_the_profile_page(app, client, user, moderator):
    """The member is signed out of every browser and token at once and cannot sign in; the log says why."""
    rina_browser = app.test_client()
    AuthActions(rina_browser).login("rina")
    rina_api = Api(app.test_client()).sign_in("rina")
    assert rina_api.get("/me").status_code == 200

    AuthActions(client).login("sari")
    page = client.get("/u/rina").get_data(as_text=True)
    assert "Suspend and sign out everywhere" in page or "Tangguhkan" in page
    response = post_form(client, "/moderation/users/rina/suspend", {"reason": "Spam iklan berulang kali"},
                         token_from="/u/rina", follow_redirects=True)
    assert response.status_code == 200

    assert rina_api.get("/me").status_code == 401
    assert rina_browser.get("/settings").status_code == 302  # back to the sign-in page
    refused = AuthActions(app.test_client()).login("rina")
    assert refused.status_code == 401 and "ditangguhkan" in refused.get_data(as_text=True)
    log = client.get("/moderation/log").get_data(as_text=True)
    assert "Spam iklan berulang kali" in log and "Rina Marlina" in log


def test_reinstated_member_signs_in_again(app, client, user, moderator):
    with app.app_context():
        services.suspend(accounts.user_by_username("sari"), "rina", "Salah paham")
        services.reinstate(accounts.user_by_username("sari"), "rina", "Sudah dijelaskan")
    assert AuthActions(app.test_client()).login("rina").status_code == 302
    api = Api(client).sign_in("sari")
    log = api.get("/moderation/log?user=rina").get_json()
    assert [(a["action"], a["by"], a["reason"]) for a in log["items"]] == [
        ("reinstate", "sari", "Sudah dijelaskan"), ("suspend", "sari", "Salah paham")]


@pytest.mark.parametrize(("actor", "target", "status", "message"), [
    ("budi", "rina", 403, "Only moderators"),
    ("sari", "sari", 403, "yourself"),
    ("sari", "modlain", 403, "Only admins"),
    ("sari", "kepala", 403, "Only admins"),
    ("sari", "nobody", 404, "No such user"),
])
def test_who_may_suspend_whom(app, client, user, other_user, moderator, make_user, actor, target, status, message):
    make_user("modlain", role="moderator")
    make_user("kepala", role="admin")
    token = Api(client).sign_in(actor).token
    response = client.put(f"/api/v1/users/{target}/suspension", json={"reason": "uji"},
                          headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    assert response.status_code == status
    assert message in response.get_json()["error"]["message"]


def test_an_admin_may_suspend_a_moderator(app, client, moderator, make_user):
    make_user("kepala", role="admin")
    response = Api(client).sign_in("kepala").put("/users/sari/suspension", {"reason": "Akun dibobol"})
    assert response.status_code == 200 and response.get_json()["suspended"] is True


@pytest.mark.parametrize(("body", "field"), [({}, "reason"), ({"reason": "   "}, "reason"),
                                             ({"reason": "x" * 501}, "reason"), ({"reason": 5}, "reason")])
def test_a_suspension_needs_a_reason(app, client, user, moderator, body, field):
    response = Api(client).sign_in("sari").put("/users/rina/suspension", body)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"]
    with app.app_context():
        assert not accounts.user_by_username("rina").suspended


def test_suspending_twice_or_reinstating_an_active_account_is_a_conflict(app, client, user, moderator):
    api = Api(client).sign_in("sari")
    assert api.delete("/users/rina/suspension", json={"reason": "uji"}).status_code == 409
    assert api.put("/users/rina/suspension", {"reason": "uji"}).status_code == 200
    assert api.put("/users/rina/suspension", {"reason": "uji lagi"}).status_code == 409
    assert api.delete("/users/rina/suspension", json={"reason": "selesai"}).status_code == 200


def test_members_cannot_read_the_log_or_see_the_form(app, client, user, other_user):
    AuthActions(client).login("budi")
    assert client.get("/moderation/log").status_code == 403
    assert "/moderation/users/rina/suspend" not in client.get("/u/rina").get_data(as_text=True)
    assert client.post("/moderation/users/rina/suspend", data={"reason": "x"}).status_code == 400  # no CSRF token


def test_a_refused_suspension_from_the_page_says_why_and_changes_nothing(app, client, user, moderator):
    AuthActions(client).login("sari")
    response = post_form(client, "/moderation/users/rina/suspend", {"reason": ""}, token_from="/u/rina",
                         follow_redirects=True)
    assert "Say why" in response.get_data(as_text=True) or "Sebutkan alasannya" in response.get_data(as_text=True)
    with app.app_context():
        assert not accounts.user_by_username("rina").suspended


def test_command_line_suspend_and_reinstate(app, user):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "suspend", "rina", "--reason", "Permintaan kepala perpustakaan"])
    assert result.exit_code == 0 and "rina is suspended" in result.output
    with app.app_context():
        assert accounts.user_by_username("rina").suspended
    result = runner.invoke(args=["users", "reinstate", "rina", "--reason", "Selesai"])
    assert result.exit_code == 0 and "rina can sign in again" in result.output
    assert runner.invoke(args=["users", "reinstate", "rina", "--reason", "lagi"]).exit_code != 0


def test_the_log_filters_by_action_and_names_what_was_acted_on(app, client, user, moderator, thread):
    """An entry about a thread links to it; ``?action=`` keeps one kind; an unknown kind is a clear 400."""
    with app.app_context():
        sari = accounts.user_by_username("sari")
        services.suspend(sari, "rina", "Spam")
        with write():
            services.record(sari, "lock", accounts.user_by_username("rina"), "Sudah selesai",
                            thread=thread, detail="dikunci")
    api = Api(client).sign_in("sari")
    locks = api.get("/moderation/log?action=lock").get_json()["items"]
    assert [(a["action"], a["thread_id"], a["detail"]) for a in locks] == [("lock", thread.id, "dikunci")]
    bad = api.get("/moderation/log?action=explode")
    assert bad.status_code == 400 and "action" in bad.get_json()["error"]["fields"]
    AuthActions(client).login("sari")
    page = client.get("/moderation/log?action=lock").get_data(as_text=True)
    assert "Sudah selesai" in page and f"/t/{thread.id}" in page and "Spam" not in page
