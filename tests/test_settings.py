"""Settings are cast strictly at start; argon2 is cheap under testing and off the event loop under gevent;
gunicorn.conf.py gives live processes one worker and no shared control socket."""

from __future__ import annotations

import runpy
import time
from pathlib import Path

import pytest

from forum import blocking
from forum.config import load

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.mark.parametrize(("name", "raw"), [("RATELIMIT_ENABLED", "ture"), ("PAGE_CACHE", "yes please"),
                                           ("JEJARING_DEMO", "2"), ("SESSION_COOKIE_SECURE", "nope")])
def test_a_misspelt_boolean_is_an_error_naming_the_setting(monkeypatch, name, raw):
    monkeypatch.setenv(name, raw)
    if name == "SESSION_COOKIE_SECURE":
        monkeypatch.setenv("JEJARING_ENV", "production")
        monkeypatch.setenv("SECRET_KEY", "x" * 32)
    with pytest.raises(RuntimeError, match=f"{name} must be one of 1/true/yes/on or 0/false/no/off, got '{raw}'"):
        load({"TESTING": name != "SESSION_COOKIE_SECURE"})


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), (" on ", True), ("yes", True),
                                               ("0", False), ("False", False), ("off", False), ("no", False)])
def test_boolean_words(monkeypatch, raw, expected):
    monkeypatch.setenv("PAGE_CACHE", raw)
    assert load({"TESTING": True})["PAGE_CACHE"] is expected


@pytest.mark.parametrize(("name", "raw", "message"), [
    ("JEJARING_ENV", "prodution", "JEJARING_ENV must be one of development, production, got 'prodution'"),
    ("SOCKETIO_ASYNC_MODE", "gvent", "SOCKETIO_ASYNC_MODE must be one of threading, gevent, eventlet"),
    ("POSTS_PER_PAGE", "0", "POSTS_PER_PAGE must be at least 1, got '0'"),
    ("THREADS_PER_PAGE", "thirty", "THREADS_PER_PAGE must be a whole number, got 'thirty'"),
    ("SEARCH_LIMIT", "lots", "SEARCH_LIMIT must be a rate limit such as '10 per minute', got 'lots'"),
    ("SEARCH_CACHE_SECONDS", "-1", "SEARCH_CACHE_SECONDS must be at least 0, got '-1'"),
])
def test_other_bad_settings_are_errors_naming_them(monkeypatch, name, raw, message):
    monkeypatch.setenv(name, raw)
    with pytest.raises(RuntimeError, match=message):
        load({"TESTING": True})


def test_argon2_is_cheap_under_testing(app):
    from forum.accounts import services

    with app.app_context():
        stored = services.hash_password("kata-sandi-rahasia")
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")


def test_production_uses_the_recommended_argon2_parameters(make_app, tmp_path):
    from forum.accounts import services

    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "ARGON2_TIME_COST": None,
                    "ARGON2_MEMORY_COST": None, "ARGON2_PARALLELISM": None})
    with app.app_context():
        assert services.hash_password("kata-sandi-rahasia").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_blocking_work_runs_where_it_is_outside_gevent():
    assert not blocking.under_gevent()
    assert blocking.run_blocking(sum, [1, 2, 3]) == 6


def test_under_gevent_blocking_work_leaves_the_event_loop_free(monkeypatch):
    gevent = pytest.importorskip("gevent")
    monkeypatch.setattr(blocking, "under_gevent", lambda: True)
    ticks = []

    def ticker():
        while True:
            ticks.append(time.monotonic())
            gevent.sleep(0.01)

    beat = gevent.spawn(ticker)
    try:
        worker = gevent.spawn(blocking.run_blocking, lambda: time.sleep(0.3) or "done")  # a real, blocking sleep
        assert worker.get(timeout=5) == "done"
    finally:
        beat.kill()
    assert len(ticks) >= 10  # the other greenlet kept running during the 0.3 s


def test_argon2_checks_go_through_the_helper(app, user, monkeypatch):
    from forum.accounts import services

    calls = []

    def spy(fn, *args):
        calls.append(fn)
        return fn(*args)

    monkeypatch.setattr(services, "run_blocking", spy)
    with app.app_context():
        assert services.check_password(services.user_by_username("rina"), "kata-sandi-rahasia")
        assert not services.check_password(None, "whatever-it-is")
    assert len(calls) == 2


def _gunicorn(monkeypatch, **env) -> dict:
    for name in ("JEJARING_ROLE", "WEB_CONCURRENCY", "GUNICORN_CONTROL_SOCKET", "GUNICORN_WORKER_CLASS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


@pytest.mark.parametrize("role", ["live", "all"])
def test_live_processes_run_one_worker_whatever_web_concurrency_says(monkeypatch, role):
    conf = _gunicorn(monkeypatch, JEJARING_ROLE=role, WEB_CONCURRENCY="4")
    assert conf["workers"] == 1 and conf["worker_class"] == "gevent"


def test_web_processes_follow_web_concurrency(monkeypatch):
    assert _gunicorn(monkeypatch, JEJARING_ROLE="web", WEB_CONCURRENCY="3")["workers"] == 3


def test_no_shared_control_socket(monkeypatch):
    assert _gunicorn(monkeypatch, JEJARING_ROLE="web")["control_socket_disable"] is True
    own = _gunicorn(monkeypatch, JEJARING_ROLE="live", GUNICORN_CONTROL_SOCKET="/run/jejaring/live-8101.ctl")
    assert own["control_socket_disable"] is False and own["control_socket"] == "/run/jejaring/live-8101.ctl"
