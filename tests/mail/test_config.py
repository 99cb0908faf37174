"""Mail settings are read strictly at start, like every other setting."""

from __future__ import annotations

import pytest

from forum.config import load


def test_defaults_write_to_the_outbox_and_link_to_the_development_server(monkeypatch):
    for name in ("MAIL_SERVER", "SITE_URL", "HOST", "PORT", "MAIL_PORT", "MAIL_BATCH_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    settings = load({"TESTING": True})
    assert settings["MAIL_SERVER"] == "" and settings["MAIL_OUTBOX_DIR"].endswith("outbox")
    assert (settings["MAIL_PORT"], settings["MAIL_BATCH_SECONDS"]) == (25, 300)
    assert settings["SITE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "8080")
    assert load({"TESTING": True})["SITE_URL"] == "http://127.0.0.1:8080"
    monkeypatch.setenv("SITE_URL", "https://jejaring.example.org/")
    assert load({"TESTING": True})["SITE_URL"] == "https://jejaring.example.org"


@pytest.mark.parametrize(("env", "message"), [
    ({"MAIL_PORT": "smtp"}, "MAIL_PORT must be a whole number, got 'smtp'"),
    ({"MAIL_PORT": "70000"}, "MAIL_PORT must be a port number"),
    ({"MAIL_USE_TLS": "maybe"}, "MAIL_USE_TLS must be one of 1/true/yes/on or 0/false/no/off"),
    ({"MAIL_USE_TLS": "1", "MAIL_USE_SSL": "1"}, "MAIL_USE_TLS .STARTTLS. and MAIL_USE_SSL"),
    ({"MAIL_BATCH_SECONDS": "0"}, "MAIL_BATCH_SECONDS must be at least 1"),
    ({"REPLY_BY_EMAIL_ADDRESS": "reply@jejaring.example.org"}, "must be an address with %\\{token\\} in it"),
    ({"SITE_URL": "jejaring.example.org"}, "SITE_URL must start with http:// or https://"),
])
def test_a_bad_mail_setting_is_an_error_naming_it(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=message):
        load({"TESTING": True})
