"""Rate limits on sign-in: keyed on the real client behind the trusted proxy, and per account."""

from __future__ import annotations

import pytest

from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import csrf

LIMITED = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def _client(app, peer="127.0.0.1", forwarded=None):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.environ_base["REMOTE_ADDR"] = peer
    if forwarded:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded
    return client


def _sign_in(client, username="rina", password="wrong-password-1"):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf(client)})


def test_wrong_sign_ins_from_one_client_do_not_lock_out_another(app_with, user):
    app = app_with(**LIMITED)
    guesser = _client(app, forwarded="203.0.113.7")
    statuses = [_sign_in(guesser, f"user{n}").status_code for n in range(22)]
    assert statuses[0] == 401 and statuses[-1] == 429
    owner = _client(app, forwarded="198.51.100.9")
    assert _sign_in(owner, password=PASSWORD).status_code == 302


def test_the_client_is_the_last_address_the_proxy_added(app_with, user):
    app = app_with(**LIMITED)
    # nginx appends the real client to whatever the client sent: only the last entry counts.
    for n in range(21):
        last = _sign_in(_client(app, forwarded=f"10.9.9.{n}, 203.0.113.7"), f"user{n}")
    assert last.status_code == 429


def test_an_untrusted_peer_cannot_choose_its_address(app_with, user):
    app = app_with(**LIMITED)
    statuses = [_sign_in(_client(app, peer="192.0.2.50", forwarded=f"203.0.113.{n}"), f"user{n}").status_code
                for n in range(21)]
    assert statuses[0] == 401 and statuses[-1] == 429
    assert _sign_in(_client(app, peer="192.0.2.51"), password=PASSWORD).status_code == 302


def test_trusted_networks_and_star(app_with, user):
    app = app_with(**LIMITED, FORWARDED_ALLOW_IPS="10.0.0.0/8, ::1")
    statuses = [_sign_in(_client(app, peer="10.1.2.3", forwarded=f"203.0.113.{n}"), f"user{n}").status_code
                for n in range(21)]
    assert statuses[-1] == 401  # 21 clients, one try each


def test_bad_forwarded_allow_ips_is_an_error(make_app):
    with pytest.raises(RuntimeError, match="FORWARDED_ALLOW_IPS: 'nginx' is not an address"):
        make_app({"FORWARDED_ALLOW_IPS": "127.0.0.1,nginx"})


def test_guesses_at_one_account_from_one_address_are_limited(app_with, user):
    app = app_with(**LIMITED, SIGN_IN_LIMIT_ACCOUNT_ADDRESS="3 per 15 minutes")
    guesser = _client(app, forwarded="203.0.113.7")
    assert [_sign_in(guesser).status_code for _ in range(4)] == [401, 401, 401, 429]
    # The owner, elsewhere, is not held up by that address's guesses.
    assert _sign_in(_client(app, forwarded="198.51.100.9"), password=PASSWORD).status_code == 302


def test_right_passwords_do_not_count(app_with, user):
    app = app_with(**LIMITED, SIGN_IN_LIMIT_ACCOUNT_ADDRESS="2 per 15 minutes")
    for _ in range(4):
        client = _client(app, forwarded="198.51.100.9")
        assert _sign_in(client, password=PASSWORD).status_code == 302


def test_guesses_from_many_addresses_hit_the_account_limit(app_with, user):
    app = app_with(**LIMITED, SIGN_IN_LIMIT_ACCOUNT="5 per 5 minutes")
    statuses = [_sign_in(_client(app, forwarded=f"203.0.113.{n}")).status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    # Over the API too: one count for both edges.
    api = _client(app, forwarded="203.0.113.200").post("/api/v1/tokens", json={"username": "RINA", "password": "x"})
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "rate_limited"


def test_the_owner_browser_is_not_locked_out_by_guesses_elsewhere(app_with, user):
    app = app_with(**LIMITED, SIGN_IN_LIMIT_ACCOUNT="3 per 5 minutes")
    owner = _client(app, forwarded="198.51.100.9")
    assert _sign_in(owner, password=PASSWORD).status_code == 302
    owner.post("/logout", data={"csrf_token": csrf(owner, "/")})
    for n in range(4):
        _sign_in(_client(app, forwarded=f"203.0.113.{n}"))
    assert _sign_in(_client(app, forwarded="198.51.100.10"), password=PASSWORD).status_code == 429
    # The browser the owner signed in from before carries a signed cookie for this account.
    assert _sign_in(owner, password=PASSWORD).status_code == 302


def test_a_forged_known_browser_cookie_does_not_exempt(app_with, user):
    app = app_with(**LIMITED, SIGN_IN_LIMIT_ACCOUNT="2 per 5 minutes")
    for n in range(3):
        _sign_in(_client(app, forwarded=f"203.0.113.{n}"))
    forger = _client(app, forwarded="203.0.113.99")
    forger.set_cookie("known_browser", "InJpbmEi.forged")
    assert _sign_in(forger, password=PASSWORD).status_code == 429
