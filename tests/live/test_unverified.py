"""The write rule in live rooms: an account whose address is unconfirmed joins and reads, but says nothing."""

from __future__ import annotations

import pytest

from tests.accounts.helpers import mark_verified
from tests.fixtures.db import build_app
from tests.live.helpers import events, last_error


@pytest.fixture
def app(db_url):
    """In-process Socket.IO (as the other live tests), verification required."""
    yield from build_app(db_url, SOCKETIO_MESSAGE_QUEUE="", JEJARING_VERIFY_EMAIL=True)


@pytest.fixture
def host(app, make_user):
    """Sari, the moderator who runs the session, with a confirmed address."""
    made = make_user("sari", role="moderator", display_name="Sari Moderator")
    mark_verified(app, made)
    return made


def test_an_unverified_member_reads_the_room_but_cannot_write(app, live, connect, host, make_user):
    make_user("dewi")
    sari, dewi = connect("sari"), connect("dewi")
    for sock in (sari, dewi):
        sock.emit("join", {"session_id": live.id})
    assert events(dewi, "history")  # joined: reading is allowed
    sari.emit("message", {"session_id": live.id, "body": "Selamat datang di klinik."})
    assert [m["body"] for m in events(dewi, "message")] == ["Selamat datang di klinik."]
    events(sari)  # her own message came back to her too
    dewi.emit("message", {"session_id": live.id, "body": "Halo semua"})
    error = last_error(dewi)
    assert error["code"] == "unverified"
    assert [m["body"] for m in events(sari, "message")] == []
    dewi.emit("raise_hand", {"session_id": live.id})
    assert last_error(dewi)["code"] == "unverified"
    mark_verified(app, "dewi")
    dewi.emit("message", {"session_id": live.id, "body": "Halo semua"})
    assert [m["body"] for m in events(sari, "message")] == ["Halo semua"]
