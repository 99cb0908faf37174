"""Live fixtures: a scheduled and an open session, and socket clients signed in through the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.extensions import socketio
from forum.live import services
from forum.models_base import utcnow
from tests.fixtures.db import build_app
from tests.fixtures.web import AuthActions


@pytest.fixture
def app(db_url):
    """Flask-SocketIO's test client cannot run over a message queue: these in-process tests go without.

    Redis is covered end to end by tests/live/test_server.py (two real servers sharing rooms).
    """
    yield from build_app(db_url, SOCKETIO_MESSAGE_QUEUE="")


@pytest.fixture
def host(make_user):
    """Sari, the moderator who runs the session."""
    return make_user("sari", role="moderator", display_name="Sari Moderator")


@pytest.fixture
def scheduled(app, host):
    """A cataloguing clinic tomorrow evening."""
    with app.app_context():
        return services.schedule(host, {"title": "Klinik katalogisasi bulanan", "category": "pengelolaan-koleksi",
                                        "description": "Bawa pertanyaan MARC Anda.",
                                        "starts_at": (utcnow() + timedelta(days=1)).isoformat()})


@pytest.fixture
def live(app, scheduled, host):
    """The clinic, opened."""
    with app.app_context():
        return services.open_session(host, scheduled.id)


@pytest.fixture
def connect(app):
    """Open a Socket.IO test client signed in as ``username`` through the login page."""
    made = []

    def make(username: str):
        http = app.test_client()
        AuthActions(http).login(username)
        sock = socketio.test_client(app, flask_test_client=http)
        made.append(sock)
        return sock

    yield make
    for sock in made:
        if sock.is_connected():
            sock.disconnect()


@pytest.fixture
def room(live, connect, host, user, other_user):
    """Sari (moderator), Rina and Budi in the open room."""
    socks = {name: connect(name) for name in ("sari", "rina", "budi")}
    for sock in socks.values():
        sock.emit("join", {"session_id": live.id})
    for sock in socks.values():
        sock.get_received()
    return socks
