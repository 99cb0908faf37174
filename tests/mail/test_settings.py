"""A member's mail settings: PATCH /api/v1/me, the settings page, and unsubscribing signed out."""

from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner

from forum.accounts.models import User
from forum.extensions import db
from forum.mail.tokens import unsubscribe_token
from tests.fixtures.web import post_form
from tests.mail.helpers import api_for


def choice_of(app, user) -> str:
    with app.app_context():
        return db.session.get(User, user.id).email_notifications


def test_new_members_get_each_notification_by_mail(app, user):
    assert choice_of(app, user) == "immediate"


@pytest.mark.parametrize("choice", ["immediate", "daily", "weekly", "off"])
def test_patch_me_sets_how_notifications_come_by_mail(app, client, user, choice):
    api = api_for(client, "rina")
    response = api.patch("/me", {"email_notifications": choice, "locale": "en"})
    assert response.status_code == 200
    assert response.get_json()["email_notifications"] == choice and response.get_json()["locale"] == "en"
    assert api.get("/me").get_json()["email_notifications"] == choice


@pytest.mark.parametrize(("body", "field"), [
    ({"email_notifications": "hourly"}, "email_notifications"),
    ({"email_notifications": None}, "email_notifications"),
    ({"email_notifications": ["daily"]}, "email_notifications"),
    ({"locale": "fr"}, "locale"),
    ({"locale": 7}, "locale"),
])
def test_patch_me_refuses_an_unknown_choice_naming_the_field(app, client, user, body, field):
    api = api_for(client, "rina")
    response = api.patch("/me", body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"]
    assert choice_of(app, user) == "immediate"


def test_other_profile_fields_keep_working_beside_the_mail_setting(app, client, user):
    api = api_for(client, "rina")
    response = api.patch("/me", {"institution": "Perpustakaan Nagari", "email_notifications": "weekly"})
    assert response.status_code == 200
    me = response.get_json()
    assert (me["institution"], me["email_notifications"], me["region"]) == ("Perpustakaan Nagari", "weekly",
                                                                            "bukittinggi")


def test_the_settings_page_shows_and_saves_the_mail_choice(app, client, auth, user):
    auth.login()
    page = client.get("/settings").get_data(as_text=True)
    assert 'name="email_notifications"' in page and "A weekly digest" in page
    response = post_form(client, "/settings", {"display_name": "Rina", "region": "bukittinggi", "institution": "",
                                               "bio": "", "locale": "en", "timezone": "Asia/Jakarta",
                                               "email_notifications": "daily"})
    assert response.status_code == 302
    assert choice_of(app, user) == "daily"
    assert '<option selected value="daily">' in client.get("/settings").get_data(as_text=True)
    refused = post_form(client, "/settings", {"display_name": "Rina", "region": "bukittinggi", "locale": "en",
                                              "timezone": "Asia/Jakarta", "email_notifications": "hourly"})
    assert refused.status_code == 400 and "Choose one of: immediate, daily, weekly, off." in refused.get_data(
        as_text=True)


def test_the_unsubscribe_link_asks_first_then_unsubscribes_signed_out(app, client, user):
    with app.app_context():
        path = f"/unsubscribe/{unsubscribe_token(user.id)}"
    page = client.get(path)
    assert page.status_code == 200 and "Stop mails from Jejaring?" in page.get_data(as_text=True)
    assert choice_of(app, user) == "immediate"  # opening the link (a mail scanner does) changes nothing
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})  # the page's button, without CSRF token
    assert done.status_code == 200 and "You are unsubscribed" in done.get_data(as_text=True)
    assert choice_of(app, user) == "off"
    assert "gets no notification mails or digests already" in client.get(path).get_data(as_text=True)


def test_one_click_unsubscribe_from_a_mail_client(app, client, user):
    """RFC 8058: the client POSTs ``List-Unsubscribe=One-Click`` to the header's URL, no cookie, no CSRF token."""
    with app.app_context():
        path = f"/unsubscribe/{unsubscribe_token(user.id)}"
    response = client.post(path, data=b"List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert choice_of(app, user) == "off"


def test_a_forged_or_expired_unsubscribe_link_is_a_clear_400(app, client, user, monkeypatch):
    with app.app_context():
        genuine = unsubscribe_token(user.id)
        with monkeypatch.context() as patch:  # a link made 400 days ago
            patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 400 * 86400)
            expired = unsubscribe_token(user.id)
    forged = genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB")
    for token in (forged, expired, "nonsense"):
        for response in (client.get(f"/unsubscribe/{token}"), client.post(f"/unsubscribe/{token}")):
            assert response.status_code == 400
            assert "This unsubscribe link is not valid or has expired" in response.get_data(as_text=True)
    assert choice_of(app, user) == "immediate"
