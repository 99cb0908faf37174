"""Registering, signing in and out, profiles and settings through the pages."""

from __future__ import annotations

import pytest

from forum.accounts import services
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import post_form


def register(client, **overrides):
    data = {"username": "dewi", "display_name": "Dewi Lestari", "email": "dewi@example.org",
            "password": PASSWORD, "region": "padang", "institution": "SMA Negeri 1 Padang"}
    data.update(overrides)
    return post_form(client, "/register", data)


def test_register_signs_in_and_shows_profile(client, app):
    response = register(client)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dewi Lestari" in page and "SMA Negeri 1 Padang" in page and "Padang" in page
    with app.app_context():
        stored = services.user_by_username("dewi")
        assert stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": ""}, "This field is required"),
        ({"username": "a b"}, "letters, digits"),
        ({"email": "not-an-email"}, "not a valid email"),
        ({"password": "short"}, "At least 10 characters"),
        ({"region": "atlantis"}, "Choose a region from the list"),
        ({"username": "x" * 40}, "32"),
    ],
)
def test_register_rejects_bad_input(client, app, overrides, message):
    response = register(client, **overrides)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert services.user_by_username(overrides.get("username") or "dewi") is None


def test_register_duplicate_username_any_case(client, user):
    response = register(client, username="RINA", email="other@example.org")
    assert response.status_code == 400
    assert "That username is taken" in response.get_data(as_text=True)


def test_login_and_logout(client, auth, user):
    response = auth.login()
    assert response.status_code == 302
    assert "Rina Marlina" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Rina Marlina" not in client.get("/").get_data(as_text=True)


def test_login_wrong_password_says_so(client, auth, user):
    response = auth.login(password="salah-sekali-123")
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "http:/x"]
)
def test_login_next_cannot_leave_the_site(client, user, target):
    token_page = client.get("/login").get_data(as_text=True)
    from tests.fixtures.web import csrf_from

    response = client.post(f"/login?next={target}",
                           data={"username": "rina", "password": PASSWORD, "csrf_token": csrf_from(token_page)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_inside_the_site_is_followed(client, user):
    from tests.fixtures.web import csrf_from

    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/c/mentoring", data={"username": "rina", "password": PASSWORD,
                                                             "csrf_token": token})
    assert response.headers["Location"] == "/c/mentoring"


def test_forms_without_csrf_token_are_refused(client, user):
    response = client.post("/login", data={"username": "rina", "password": PASSWORD})
    assert response.status_code in (400, 401)
    assert "Rina Marlina" not in client.get("/").get_data(as_text=True)


def test_session_is_renewed_at_sign_in(client, auth, user):
    client.get("/login")
    with client.session_transaction() as sess:
        sess["planted"] = "by-an-attacker"
    auth.login()
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_settings_change_region_language_and_timezone(client, auth, user, app):
    auth.login()
    response = post_form(client, "/settings", {"display_name": "Rina M.", "region": "padang", "institution": "X",
                                               "bio": "Pustakawan", "locale": "en", "timezone": "Asia/Makassar"})
    assert response.status_code == 302
    with app.app_context():
        stored = services.user_by_username("rina")
        assert (stored.region.slug, stored.locale, stored.timezone) == ("padang", "en", "Asia/Makassar")
    assert "Settings" in client.get("/settings").get_data(as_text=True)


def test_sign_out_everywhere_ends_other_sessions(app, user):
    first, second = app.test_client(), app.test_client()
    from tests.fixtures.web import AuthActions

    AuthActions(first).login()
    AuthActions(second).login()
    post_form(first, "/settings/sign-out-everywhere", {}, token_from="/settings")
    assert second.get("/settings").status_code == 302  # back to the login page


def test_profile_lists_posts(client, thread, post):
    page = client.get("/u/budi").get_data(as_text=True)
    assert "Cadangkan database dulu" in page
    assert client.get("/u/nobody").status_code == 404


def test_language_follows_choice_then_browser(client):
    assert "Masuk" in client.get("/", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "Sign in" in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    client.get("/language?lang=id&next=/")
    assert "Masuk" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
