"""One identity per API request: a valid bearer token, or the session with its CSRF header."""

from __future__ import annotations

import pytest

from tests.fixtures.api import Api
from tests.fixtures.web import csrf

THREAD = {"category": "teknologi-informasi", "title": "Siapa yang menulis ini?", "body": "Isi.", "tags": []}


@pytest.mark.parametrize("header", ["Bearer x", "Bearer", "bearer  ", "Bearer " + "a" * 300])
def test_a_bad_token_beside_a_session_is_refused(client, auth, user, header):
    auth.login()
    response = client.post("/api/v1/threads", json=THREAD, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_signed_in"
    assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401
    assert client.get("/api/v1/categories/teknologi-informasi/threads").get_json()["total"] == 0


def test_a_valid_token_wins_over_the_session(client, auth, user, other_user):
    token = Api(client).sign_in("budi").token
    auth.login()
    response = client.post("/api/v1/threads", json=THREAD, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201
    assert response.get_json()["author"] == "budi"
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()["username"] == "budi"
    assert client.get("/api/v1/me").get_json()["username"] == "rina"


def test_the_session_still_needs_its_csrf_header(client, auth, user):
    auth.login()
    refused = client.post("/api/v1/threads", json=THREAD)
    assert refused.status_code == 400
    allowed = client.post("/api/v1/threads", json=THREAD, headers={"X-CSRFToken": csrf(client, "/")})
    assert allowed.status_code == 201
    assert allowed.get_json()["author"] == "rina"


def test_other_authorization_schemes_fall_back_to_the_session_rules(client, auth, user):
    auth.login()
    response = client.post("/api/v1/threads", json=THREAD, headers={"Authorization": "Basic cmluYTp4"})
    assert response.status_code == 400


def test_a_patch_of_me_changes_only_the_fields_it_names(client, make_user):
    make_user("dewi", display_name="Dewi Lestari")
    api = Api(client).sign_in("dewi")
    assert api.patch("/me", {"institution": "Perpustakaan Kota Padang"}).status_code == 200
    me = api.get("/me").get_json()
    assert me["display_name"] == "Dewi Lestari" and me["institution"] == "Perpustakaan Kota Padang"
    assert api.patch("/me", {"display_name": "Dewi L."}).status_code == 200
    me = api.get("/me").get_json()
    assert me["display_name"] == "Dewi L." and me["institution"] == "Perpustakaan Kota Padang"
