"""Redis (the rate limits' storage) down: the site works and the limits count in memory."""

from __future__ import annotations

import socket

import pytest

from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import csrf, post_form


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again: nothing listens there


@pytest.fixture
def redis_down(app, app_with):
    """An app whose rate limits live on a Redis port where nothing listens.

    Made after ``app``: the limiter is one object, and the app bound last decides whether it is on.
    """
    from forum.extensions import limiter

    app = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_free_port()}/2")
    yield app
    limiter._storage_dead = False  # the next app starts on its own, reachable storage


def _client(app, address="198.51.100.9"):
    client = app.test_client()
    client.environ_base.update(HTTP_ACCEPT_LANGUAGE="en", HTTP_X_FORWARDED_FOR=address)
    return client


def test_sign_in_register_post_and_reply_work(redis_down, user, thread):
    client = _client(redis_down)
    signed_in = post_form(client, "/login", {"username": "rina", "password": PASSWORD})
    assert signed_in.status_code == 302
    new = post_form(client, "/c/teknologi-informasi/new",
                    {"title": "Redis sedang mati", "body": "Tetap bisa menulis.", "tags": ""})
    assert new.status_code == 302 and "/t/" in new.headers["Location"]
    replied = post_form(client, f"/t/{thread.id}/reply", {"body": "Balasan saat Redis mati."})
    assert replied.status_code == 302
    api = _client(redis_down, "198.51.100.10")
    created = api.post("/api/v1/users", json={"username": "dewi", "email": "dewi@example.org",
                                              "password": PASSWORD, "region": "padang"})
    assert created.status_code == 201, created.get_json()
    registered = post_form(_client(redis_down, "198.51.100.11"), "/register",
                           {"username": "wati", "email": "wati@example.org", "password": PASSWORD,
                            "region": "padang", "display_name": "Wati", "institution": ""})
    assert registered.status_code == 302


def test_the_in_memory_limit_still_refuses_a_flood(redis_down, user):
    client = _client(redis_down, "203.0.113.7")
    token = csrf(client)
    statuses = [client.post("/login", data={"username": f"u{n}", "password": "x" * 10, "csrf_token": token}
                            ).status_code for n in range(22)]
    assert statuses[0] == 401 and statuses[-1] == 429
    # Other clients are not caught by that flood.
    assert post_form(_client(redis_down), "/login", {"username": "rina", "password": PASSWORD}).status_code == 302
