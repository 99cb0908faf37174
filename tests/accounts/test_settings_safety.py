"""Password and address changes in the settings: the current password asked; a new address confirmed by mail first."""

from __future__ import annotations

import pytest

from forum.accounts import services
from tests.accounts.helpers import link_in
from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import csrf, post_form
from tests.mail.helpers import text_part

NEW = "kata-sandi-yang-baru"


@pytest.fixture
def app(smtp_app):
    """Mail goes to the test SMTP server."""
    return smtp_app


def test_changing_the_password_on_the_page_keeps_this_browser_and_ends_the_others(app, client, auth, user, smtp):
    other = app.test_client()
    post_form(other, "/login", {"username": "rina", "password": PASSWORD})
    token = Api(client).sign_in("rina")
    auth.login()
    wrong = post_form(client, "/settings/password", {"pw-current_password": "salah-sekali-ini",
                                                      "pw-password": NEW, "pw-csrf_token": csrf(client, "/settings")},
                      token_from="/settings")
    assert wrong.status_code == 400 and "That is not your current password" in wrong.get_data(as_text=True)
    done = client.post("/settings/password", data={"pw-current_password": PASSWORD, "pw-password": NEW,
                                                   "pw-csrf_token": csrf(client, "/settings")})
    assert done.status_code == 302
    assert "Your password is changed" in client.get("/settings").get_data(as_text=True)  # still signed in here
    assert other.get("/settings").status_code == 302
    assert token.get("/me").status_code == 401
    Api(app.test_client()).sign_in("rina", NEW)
    assert any("diganti" in m["Subject"] for m in smtp.inbox.to("rina@example.org"))


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"current_password": "salah-sekali-ini", "password": NEW}, "current_password", "not your current password"),
    ({"current_password": PASSWORD, "password": "pendek"}, "password", "At least 10 characters"),
    ({"current_password": PASSWORD}, "password", "This field is required"),
    ({"password": NEW}, "current_password", "not your current password"),
])
def test_bad_password_changes_by_api(client, user, body, field, message):
    response = Api(client).sign_in("rina").put("/me/password", body)
    assert response.status_code == 400 and message in response.get_json()["error"]["fields"][field]


def test_changing_the_address_waits_for_its_link_and_tells_the_old_one(app, client, user, smtp):
    api = Api(client).sign_in("rina")
    response = api.put("/me/email", {"password": PASSWORD, "email": "Rina.Baru@Example.org"})
    assert response.status_code == 202
    assert response.get_json()["pending_email"] == "rina.baru@example.org"
    assert api.get("/me").get_json()["email"] == "rina@example.org"  # not yet
    [told] = smtp.inbox.to("rina@example.org")
    assert "rina.baru@example.org" in text_part(told) and told["Subject"].startswith("Akun Jejaring Anda")
    [confirm] = smtp.inbox.to("rina.baru@example.org")
    assert client.get(link_in(confirm, "verify")).status_code == 302
    me = api.get("/me").get_json()
    assert me["email"] == "rina.baru@example.org" and me["pending_email"] is None and me["email_verified"]
    Api(client).post("/password-reset", {"email": "rina.baru@example.org"})
    assert len(smtp.inbox.to("rina.baru@example.org")) == 2  # the account answers to its new address now


@pytest.mark.parametrize(("body", "status", "field", "message"), [
    ({"password": "salah-sekali-ini", "email": "baru@example.org"}, 400, "password", "not your current password"),
    ({"password": PASSWORD, "email": "bukan-alamat"}, 400, "email", "not a valid email"),
    ({"password": PASSWORD, "email": "rina@example.org"}, 400, "email", "already your address"),
    ({"password": PASSWORD, "email": "budi@example.org"}, 409, "email", "already exists"),
])
def test_bad_address_changes_by_api(client, user, other_user, body, status, field, message):
    response = Api(client).sign_in("rina").put("/me/email", body)
    assert response.status_code == status
    assert message in response.get_json()["error"]["fields"][field]


def test_the_settings_page_changes_the_address_and_can_keep_the_old_one(app, client, auth, user, smtp):
    auth.login()
    page = client.get("/settings").get_data(as_text=True)
    assert "Change my address" in page and "Change my password" in page and "Download my data" in page
    done = client.post("/settings/email", data={"em-email": "rina.baru@example.org", "em-password": PASSWORD,
                                                "em-csrf_token": csrf(client, "/settings")})
    assert done.status_code == 302
    page = client.get("/settings").get_data(as_text=True)
    assert "Waiting for confirmation: rina.baru@example.org" in page
    post_form(client, "/settings/email/cancel", {}, token_from="/settings")
    assert "Waiting for confirmation" not in client.get("/settings").get_data(as_text=True)
    [confirm] = smtp.inbox.to("rina.baru@example.org")
    assert client.get(link_in(confirm, "verify")).status_code == 400  # the change was withdrawn
    with app.app_context():
        assert services.user_by_username("rina").email == "rina@example.org"


def test_an_address_taken_meanwhile_is_refused_when_the_link_is_followed(app, client, user, make_user, smtp):
    Api(client).sign_in("rina").put("/me/email", {"password": PASSWORD, "email": "dewi@example.org"})
    make_user("dewi")
    [confirm] = smtp.inbox.to("dewi@example.org")
    response = client.get(link_in(confirm, "verify"))
    assert response.status_code == 409 and "Another account uses that address" in response.get_data(as_text=True)
