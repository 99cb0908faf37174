"""Signing out revokes the browser's cookies: a copy taken before opens nothing afterwards.

"Sign out" ends this browser's sign-in (its session and its remember cookie);
other browsers and API tokens stay signed in. "Sign out everywhere" ends all.
"""

from __future__ import annotations

import pytest

from forum.extensions import socketio
from tests.fixtures.api import Api
from tests.fixtures.db import build_app
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import csrf, post_form


@pytest.fixture
def app(db_url):
    """Flask-SocketIO's test client cannot run over a message queue: this module goes without one."""
    yield from build_app(db_url, SOCKETIO_MESSAGE_QUEUE="")


def _browser(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _sign_in(app, remember=False):
    client = _browser(app)
    data = {"username": "rina", "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert post_form(client, "/login", data).status_code == 302
    return client


def _copy(app, client, names):
    """A second browser holding copies of ``client``'s cookies (what an eavesdropper kept)."""
    thief = _browser(app)
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def _signed_in(client) -> bool:
    return client.get("/settings").status_code == 200


@pytest.mark.parametrize("cookies", [("session",), ("remember_token",), ("session", "remember_token")])
def test_cookies_captured_before_sign_out_open_nothing(app, user, cookies):
    owner = _sign_in(app, remember=True)
    thief = _copy(app, owner, cookies)
    assert _signed_in(thief)
    thief = _copy(app, owner, cookies)  # afresh: the visit above may have renewed its session
    post_form(owner, "/logout", {}, token_from="/")
    assert not _signed_in(owner)
    assert not _signed_in(thief)
    assert thief.get("/settings").headers["Location"].startswith("/login")


def test_api_with_a_captured_session_after_sign_out(app, user):
    owner = _sign_in(app)
    thief = _copy(app, owner, ["session"])
    token = csrf(owner, "/")
    post_form(owner, "/logout", {}, token_from="/")
    assert thief.get("/api/v1/me").status_code == 401
    refused = thief.patch("/api/v1/me", json={"display_name": "Maling"}, headers={"X-CSRFToken": token})
    assert refused.status_code in (400, 401)


def test_socket_with_captured_cookies_after_sign_out_is_refused(app, user):
    owner = _sign_in(app, remember=True)
    before = socketio.test_client(app, flask_test_client=_copy(app, owner, ["session", "remember_token"]))
    assert before.is_connected()
    before.disconnect()
    thief = _copy(app, owner, ["session", "remember_token"])
    post_form(owner, "/logout", {}, token_from="/")
    sock = socketio.test_client(app, flask_test_client=thief)
    assert not sock.is_connected()


def test_sign_out_keeps_other_browsers_and_tokens(app, user):
    laptop, phone = _sign_in(app), _sign_in(app, remember=True)
    api = Api(_browser(app)).sign_in("rina")
    post_form(phone, "/logout", {}, token_from="/")
    assert not _signed_in(phone)
    assert _signed_in(laptop)
    assert api.get("/me").status_code == 200


def test_sign_out_everywhere_revokes_every_copy(app, user):
    laptop, phone = _sign_in(app), _sign_in(app, remember=True)
    thief = _copy(app, phone, ["remember_token"])
    api = Api(_browser(app)).sign_in("rina")
    post_form(laptop, "/settings/sign-out-everywhere", {}, token_from="/settings")
    assert not any(_signed_in(c) for c in (laptop, phone, thief))
    assert api.get("/me").status_code == 401


def test_session_ids_without_a_sign_in_are_refused(app, user):
    from forum.accounts import services

    with app.app_context():
        assert services.load_session_user(f"{user.id}:1") is None
        assert services.load_session_user(f"{user.id}:1:not-a-key") is None
