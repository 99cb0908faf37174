"""Two registrations of one username at once: the loser gets a clear 409 on the username field, never a 500."""

from __future__ import annotations

import threading

import pytest

from forum.accounts import services
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import post_form

DEWI = {"username": "dewi", "email": "dewi@example.org", "password": PASSWORD, "region": "padang"}


@pytest.fixture
def check_misses(monkeypatch):
    """Force the race: the check before the insert sees nothing, as when the other insert is not committed yet."""
    real = services._taken
    calls = []

    def first_misses(username, email):
        calls.append(username)
        return {} if len(calls) == 1 else real(username, email)

    monkeypatch.setattr(services, "_taken", first_misses)
    return calls


def test_api_loser_of_the_race_gets_409_on_username(client, make_user, check_misses):
    make_user("Dewi")
    check_misses.clear()
    fresh = {**DEWI, "email": "dewi.baru@example.org"}
    response = client.post("/api/v1/users", json=fresh)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict" and error["fields"] == {"username": "That username is taken."}
    assert client.post("/api/v1/users", json={**fresh, "username": "dewi2"}).status_code == 201


def test_page_loser_of_the_race_sees_it_on_the_username_field(client, make_user, check_misses):
    make_user("dewi")
    check_misses.clear()
    response = post_form(client, "/register", {**DEWI, "email": "dewi.lain@example.org", "display_name": "Dewi",
                                               "institution": ""})
    assert response.status_code == 400
    assert "That username is taken." in response.get_data(as_text=True)


def test_email_taken_in_the_race_names_the_email(client, make_user, check_misses):
    make_user("wati", email="dewi@example.org")
    check_misses.clear()
    response = client.post("/api/v1/users", json=DEWI)
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {"email": "An account with that email already exists."}


def test_two_threads_register_one_username(app):
    barrier = threading.Barrier(2)
    statuses, bodies = [], []

    def register(email):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        barrier.wait()
        response = client.post("/api/v1/users", json={**DEWI, "email": email})
        statuses.append(response.status_code)
        bodies.append(response.get_json())

    threads = [threading.Thread(target=register, args=(f"dewi{n}@example.org",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409], bodies
    loser = next(b for b in bodies if "error" in b)
    assert loser["error"]["fields"] == {"username": "That username is taken."}
