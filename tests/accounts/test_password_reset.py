"""A forgotten password: a link by mail, once, within the hour; the same answer whether or not the address exists."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner

from forum.accounts import services, tokens
from tests.accounts.helpers import link_in
from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import post_form
from tests.mail.helpers import text_part

NEW = "kata-sandi-yang-baru"


@pytest.fixture
def app(smtp_app):
    """Mail goes to the test SMTP server."""
    return smtp_app


def test_the_api_answers_202_either_way_and_mails_only_a_member(client, user, smtp):
    api = Api(client)
    known = api.post("/password-reset", {"email": "RINA@example.org"})
    unknown = api.post("/password-reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert smtp.inbox.to("nobody@example.org") == []
    [mail] = smtp.inbox.to("rina@example.org")
    assert mail["Subject"] == "Atur ulang kata sandi Jejaring Anda"
    assert "rina" in text_part(mail) and "satu jam" in text_part(mail)


@pytest.mark.parametrize(("body", "message"), [({"email": "not-an-address"}, "not a valid email"),
                                               ({"email": ""}, "This field is required"),
                                               ({"email": 5}, "Must be text")])
def test_a_malformed_address_is_refused(client, body, message):
    response = Api(client).post("/password-reset", body)
    assert response.status_code == 400 and message in response.get_json()["error"]["fields"]["email"]


def test_the_link_works_once_and_signs_out_everywhere(app, client, user, smtp):
    old = Api(client).sign_in("rina")
    elsewhere = app.test_client()
    post_form(elsewhere, "/login", {"username": "rina", "password": PASSWORD})
    assert elsewhere.get("/settings").status_code == 200
    Api(client).post("/password-reset", {"email": "rina@example.org"})
    path = link_in(smtp.inbox.to("rina@example.org")[0], "reset")
    token = path.rsplit("/", 1)[1]
    done = Api(client).post(f"/password-reset/{token}", {"password": NEW})
    assert done.status_code == 200 and "Sign in with the new one" in done.get_json()["message"]
    assert old.get("/me").status_code == 401  # the token from before is gone
    assert elsewhere.get("/settings").status_code == 302  # so is the other browser's session
    assert Api(client).post("/tokens", {"username": "rina", "password": PASSWORD}).status_code == 401
    Api(client).sign_in("rina", NEW)
    again = Api(client).post(f"/password-reset/{token}", {"password": "lagi-yang-lain-lagi"})
    assert again.status_code == 400
    assert again.get_json()["error"]["code"] == "link_used"
    assert "already used" in again.get_json()["error"]["message"]
    [told] = [m for m in smtp.inbox.to("rina@example.org") if "diganti" in m["Subject"]]
    assert "/forgot-password" in text_part(told)


def test_the_reset_page_and_the_forgot_link(app, client, user, smtp):
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)
    sent = post_form(client, "/forgot-password", {"email": "rina@example.org"})
    assert sent.status_code == 200 and "If an account has that address" in sent.get_data(as_text=True)
    nobody = post_form(client, "/forgot-password", {"email": "nobody@example.org"})
    assert nobody.get_data(as_text=True).count("If an account has that address") == 1
    path = link_in(smtp.inbox.to("rina@example.org")[0], "reset")
    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    short = post_form(client, path, {"password": "pendek"})
    assert short.status_code == 400 and "At least 10 characters" in short.get_data(as_text=True)
    done = post_form(client, path, {"password": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    used = client.get(path)
    assert used.status_code == 400 and "already used" in used.get_data(as_text=True)
    with client.application.app_context():
        assert services.check_password(services.user_by_username("rina"), NEW)


def test_an_hour_old_link_has_expired(app, client, user, monkeypatch):
    made_at = int(time.time()) - tokens.RESET_MAX_AGE - 5
    with app.app_context(), monkeypatch.context() as then:
        then.setattr(TimestampSigner, "get_timestamp", lambda self: made_at)
        stored = services.user_by_username("rina")
        token = tokens.reset_token(stored.id, stored.password_hash, stored.session_version)
    response = Api(client).post(f"/password-reset/{token}", {"password": NEW})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "link_expired"
    assert "expired" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("token", ["x", "a" * 301, "WzEsImFiYyJd.Zx.bad-signature"])
def test_a_forged_token_is_refused(client, user, token):
    response = Api(client).post(f"/password-reset/{token}", {"password": NEW})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "link_invalid"


def test_a_verification_token_is_no_reset_token(app, client, user):
    with app.app_context():
        token = tokens.verification_token(user.id, "rina@example.org")
    response = Api(client).post(f"/password-reset/{token}", {"password": NEW})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "link_invalid"


def test_reset_requests_are_rate_limited(app_with, smtp, tmp_path, make_user):
    limited = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", PASSWORD_RESET_LIMIT="2 per hour", MAIL_SERVER="127.0.0.1",
                       MAIL_PORT=smtp.port, MAIL_OUTBOX_DIR=str(tmp_path / "out"))
    client = limited.test_client()
    answers = [Api(client).post("/password-reset", {"email": "rina@example.org"}).status_code for _ in range(3)]
    assert answers == [202, 202, 429]


def test_the_mail_is_in_the_member_s_language(app, client, user, smtp):
    with app.app_context():
        services.update_profile(user, user, {"locale": "en"})
    Api(client).post("/password-reset", {"email": "rina@example.org"})
    [mail] = smtp.inbox.to("rina@example.org")
    assert mail["Subject"] == "Reset your Jejaring password" and mail["Content-Language"] == "en"
    assert "The link works once, for an hour." in text_part(mail)
