"""The socket layer under abuse and outages: odd payloads, removed members, forgotten processes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import delete, select, update

from forum.accounts.models import User
from forum.extensions import db, socketio
from forum.live import runtime, sockets
from forum.live.models import LiveMessage, LivePresence, LiveServer, LiveSocket
from forum.models_base import utcnow
from tests.fixtures.web import AuthActions
from tests.live.helpers import events, last_error, payload


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (({"session_id": "LIVE", "body": "halo"}, "tambahan"), None),
        (({"session_id": "LIVE", "body": "halo"}, {"x": 1}, 3), None),
        (({"session_id": 2**31, "body": "halo"},), "session_id"),
        (({"session_id": 2**63, "body": "halo"},), "session_id"),
        (({"session_id": 10**30, "body": "halo"},), "session_id"),
        (({"session_id": -1, "body": "halo"},), "session_id"),
        (({"session_id": "LIVE", "body": "pecah \ud800 surrogate"},), None),
        (({"session_id": "LIVE", "body": "nul \x00 byte"},), None),
        (({"session_id": "LIVE", "body": "halo", "x": [[[[[[["dalam"]]]]]]]},), None),
    ],
)
def test_odd_payloads_get_an_error_event_and_store_nothing(app, room, live, args, field):
    args = tuple({**a, "session_id": live.id} if isinstance(a, dict) and a.get("session_id") == "LIVE" else a
                 for a in args)
    room["rina"].emit("message", *args)
    error = last_error(room["rina"])
    assert error["code"] == "bad_payload"
    if field:
        assert field in error["fields"]
    assert room["rina"].is_connected()
    assert events(room["budi"], "message") == []
    with app.app_context():
        assert db.session.scalar(select(LiveMessage.id)) is None


def test_huge_ids_in_other_events_are_refused_clearly(room, live):
    for event, data in [("vote", {"question_id": 2**40}), ("pin", {"message_id": 2**63}),
                           ("delete", {"message_id": 2**31}), ("sync", {"after_id": 2**64}),
                           ("join", {"after_id": 10**40})]:
        room["sari"].emit(event, {"session_id": live.id, **data})
        error = last_error(room["sari"])
        assert error["code"] == "bad_payload", (event, error)


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "7" * 101])
def test_a_number_too_long_to_decode_gets_an_error_event(app, room, live, number):
    """Sent as raw wire JSON (no client library can encode it): the sender is told in her language, stays connected."""
    sock = room["rina"]
    raw = f'2["message",{{"session_id":{live.id},"body":"halo","session_id_copy":{number}}}]'
    socketio.server._handle_eio_message(sock.eio_sid, raw)
    error = last_error(sock)
    assert error["code"] == "bad_payload"
    assert error["fields"] == {"session_id_copy": "Sebuah angka dalam peristiwa ini terlalu banyak digitnya."}
    assert sock.is_connected()
    with app.app_context():
        assert db.session.scalar(select(LiveMessage.id)) is None


def test_refusals_speak_the_members_language(app, live, user):
    http = app.test_client()
    http.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    AuthActions(http).login("rina")
    sock = socketio.test_client(app, flask_test_client=http)
    sock.emit("message", "bukan objek")
    assert "membutuhkan" in last_error(sock)["message"]
    sock.emit("message", {"session_id": live.id, "body": "halo"})
    assert last_error(sock)["message"] == "Bergabunglah dengan sesi terlebih dahulu."
    sock.disconnect()


def test_a_removed_member_cannot_vote_nor_read_the_room(app, client, auth, room, live):
    room["budi"].emit("ask", {"session_id": live.id, "body": "Siapa yang mengkatalog e-book?"})
    question = events(room["sari"], "question")[0]["id"]
    room["rina"].emit("message", {"session_id": live.id, "body": "rahasia ruang ini"})
    room["sari"].emit("remove", {"session_id": live.id, "username": "rina"})
    room["rina"].get_received()
    room["rina"].emit("vote", {"session_id": live.id, "question_id": question})
    assert last_error(room["rina"])["code"] == "removed"
    room["rina"].emit("sync", {"session_id": live.id, "after_id": 0})
    assert last_error(room["rina"])["code"] == "removed"
    assert events(room["sari"], "question") == []  # no vote counted
    auth.login("rina")
    page = client.get(f"/live/{live.id}").get_data(as_text=True)
    assert "A moderator removed you from this session." in page
    assert "rahasia ruang ini" not in page and 'id="room"' not in page


def test_a_suspension_from_another_process_closes_the_socket_at_the_next_beat(app, live, connect, user):
    """`flask users suspend` runs in its own process; the serving process's heartbeat cuts the socket."""
    rina = connect("rina")
    rina.emit("join", {"session_id": live.id})
    with app.app_context():
        db.session.execute(update(User).where(User.username == "rina").values(suspended=True))
        db.session.commit()
        assert rina.is_connected()
        runtime.beat()
    assert not rina.is_connected()


def _age_every_server(app, seconds: int) -> None:
    with app.app_context():
        db.session.execute(update(LiveServer).values(seen_at=utcnow() - timedelta(seconds=seconds)))
        db.session.commit()


def test_an_outage_that_silenced_everyone_makes_nobody_forget_anybody(app, live, connect, user):
    """After 30 s without a database, the first process to beat keeps the other's sockets."""
    rina = connect("rina")
    rina.emit("join", {"session_id": live.id})
    with app.app_context():
        db.session.add(LiveServer(id="other-host:1:abc", seen_at=utcnow()))
        db.session.add(LiveSocket(sid="far-away", user_id=rina_id(), server="other-host:1:abc"))
        db.session.commit()
    _age_every_server(app, 30)
    with app.app_context():
        sockets.heartbeat(runtime.SERVER)
        assert db.session.get(LiveSocket, "far-away") is not None
    # The other process really is gone: once this one has beaten for STALE seconds, it is forgotten.
    with app.app_context():
        db.session.execute(update(LiveServer).where(LiveServer.id == "other-host:1:abc")
                           .values(seen_at=utcnow() - timedelta(seconds=sockets.STALE + 2 * sockets.HEARTBEAT)))
        db.session.commit()
        sockets.heartbeat(runtime.SERVER)
        assert db.session.get(LiveSocket, "far-away") is None


def rina_id() -> int:
    return db.session.scalar(select(User.id).where(User.username == "rina"))


def test_a_forgotten_process_registers_its_sockets_again(app, live, connect, user, other_user):
    rina, budi = connect("rina"), connect("budi")
    for sock in (rina, budi):
        sock.emit("join", {"session_id": live.id})
    budi.get_received()
    with app.app_context():  # another process, after an outage, wrongly forgot this one
        db.session.execute(delete(LivePresence))
        db.session.execute(delete(LiveSocket))
        db.session.execute(delete(LiveServer))
        db.session.commit()
        runtime.beat()
        assert db.session.scalar(select(LivePresence.session_id).limit(1)) == live.id
        assert len(list(db.session.scalars(select(LiveSocket.sid)))) == 2
    rina.emit("message", {"session_id": live.id, "body": "masih di sini"})
    received = budi.get_received()
    assert [payload(e)["body"] for e in received if e["name"] == "message"] == ["masih di sini"]
    lists = [payload(e) for e in received if e["name"] == "presence"]
    assert {u["username"] for u in lists[-1]["users"]} == {"rina", "budi"}


def test_event_limits_fall_back_to_memory_when_their_storage_is_away(app, room, live, monkeypatch):
    from forum.live.runtime import EventLimiter

    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", True)
    monkeypatch.setattr(runtime, "limiter", EventLimiter())
    room["rina"].emit("message", {"session_id": live.id, "body": "tetap jalan"})
    assert [m["body"] for m in events(room["budi"], "message")] == ["tetap jalan"]
    for n in range(8):
        room["rina"].emit("message", {"session_id": live.id, "body": f"banjir {n}"})
    assert last_error(room["rina"])["code"] == "too_fast"  # still limited, in this process


def test_calendar_file_has_no_bare_carriage_returns(app, client, host, make_user):
    from forum.live import services

    with app.app_context():
        live = services.schedule(host, {"title": "Klinik, edisi; Desember", "category": "pengelolaan-koleksi",
                                        "description": "Baris satu\rBaris dua\r\nBaris tiga\nBaris empat",
                                        "starts_at": (utcnow() + timedelta(days=2)).isoformat()})
    raw = client.get(f"/live/{live.id}.ics").get_data()
    assert b"\r" not in raw.replace(b"\r\n", b"")
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Klinik, edisi; Desember"
    assert str(event["DESCRIPTION"]).startswith("Baris satu\nBaris dua\nBaris tiga\nBaris empat")


def test_signing_out_one_browser_closes_only_its_sockets(app, live, user):
    """Rina is in the room on her phone and her laptop; signing out on the phone leaves the laptop in."""
    browsers = {}
    for name in ("phone", "laptop"):
        http = app.test_client()
        AuthActions(http).login("rina")
        browsers[name] = (http, socketio.test_client(app, flask_test_client=http))
        browsers[name][1].emit("join", {"session_id": live.id})
    phone_http, phone = browsers["phone"]
    _, laptop = browsers["laptop"]
    AuthActions(phone_http).logout()
    assert not phone.is_connected()
    assert laptop.is_connected()
    laptop.get_received()
    laptop.emit("message", {"session_id": live.id, "body": "masih dari laptop"})
    assert [m["body"] for m in events(laptop, "message")] == ["masih dari laptop"]
    laptop.disconnect()


def test_a_socket_of_a_signed_out_browser_is_refused_even_if_its_process_missed_the_sign_out(
        app, live, user, monkeypatch):
    http = app.test_client()
    AuthActions(http).login("rina")
    sock = socketio.test_client(app, flask_test_client=http)
    sock.emit("join", {"session_id": live.id})
    monkeypatch.setattr(runtime, "drop_user", lambda user_id, login_hash=None: None)
    AuthActions(http).logout()
    assert sock.is_connected()
    sock.emit("message", {"session_id": live.id, "body": "setelah keluar"})
    assert not sock.is_connected()
    with app.app_context():
        assert db.session.scalar(select(LiveMessage.id)) is None


def test_after_an_outage_delivery_stays_degraded_until_every_process_listens_again(app, monkeypatch):
    """A process whose listener has not resubscribed yet would miss what is published: keep clients syncing."""
    import uuid

    import redis

    from forum.live.delivery import Delivery

    url = "redis://127.0.0.1:6379/12"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("needs Redis at 127.0.0.1:6379 (CI starts it)")
    monkeypatch.setitem(app.config, "SOCKETIO_MESSAGE_QUEUE", url)
    monkeypatch.setitem(app.config, "SOCKETIO_CHANNEL", f"test-{uuid.uuid4().hex}")
    monkeypatch.setattr("forum.live.delivery.CHECK_EVERY", 0.0)

    def listen():
        listener = redis.Redis.from_url(url).pubsub()
        listener.subscribe(app.config["SOCKETIO_CHANNEL"])
        listener.get_message(timeout=1)  # the subscribe confirmation
        return listener

    listeners = [listen(), listen()]  # two processes
    with app.app_context():
        delivery = Delivery()
        assert delivery.healthy()
        real = delivery._client
        delivery._client = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
        assert not delivery.healthy()  # Redis away
        listeners.pop().close()  # ... and one process's listener is still waiting to retry
        delivery._client.close()
        delivery._client = real
        assert not delivery.healthy()  # Redis answers, but one process would miss what is published
        listeners.append(listen())
        assert delivery.healthy()
        real.close()
    for listener in listeners:
        listener.close()
