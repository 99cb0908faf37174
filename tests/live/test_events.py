"""The live room through Flask-SocketIO's test client, sharing the HTTP sign-in."""

from __future__ import annotations

import pytest

from forum.extensions import db, socketio
from forum.live.models import LiveMessage, LiveSession
from tests.fixtures.api import Api
from tests.live.helpers import events, last_error, payload


def test_anonymous_connection_is_refused(app, live):
    sock = socketio.test_client(app, flask_test_client=app.test_client())
    assert not sock.is_connected()


def test_token_connection(app, live, user, client):
    token = Api(client).sign_in("rina").token
    sock = socketio.test_client(app, auth={"token": token})
    assert sock.is_connected()
    sock.emit("join", {"session_id": live.id})
    assert events(sock, "history")[0]["session_id"] == live.id
    assert not socketio.test_client(app, auth={"token": "bogus"}).is_connected()


def test_join_gets_history_and_presence(app, live, connect, host, user):
    sari = connect("sari")
    sari.emit("join", {"session_id": live.id})
    sari.emit("message", {"session_id": live.id, "body": "Selamat datang di klinik!"})
    rina = connect("rina")
    rina.emit("join", {"session_id": live.id})
    received = rina.get_received()
    history = [payload(e) for e in received if e["name"] == "history"][0]
    assert [m["body"] for m in history["messages"]] == ["Selamat datang di klinik!"]
    presence = [payload(e) for e in received if e["name"] == "presence"][-1]
    assert {u["username"] for u in presence["users"]} == {"sari", "rina"}


def test_presence_lists_are_ordered_by_when_they_were_read(app, live, connect, host, user):
    """Clients keep the newest list (lists from two processes can cross in Redis): a later reading is later."""
    sari = connect("sari")
    sari.emit("join", {"session_id": live.id})
    first = events(sari, "presence")[-1]
    connect("rina").emit("join", {"session_id": live.id})
    second = events(sari, "presence")[-1]
    assert [u["username"] for u in first["users"]] == ["sari"]
    assert {u["username"] for u in second["users"]} == {"sari", "rina"}
    assert second["as_of"] > first["as_of"]


def test_message_is_stored_then_broadcast(app, room, live):
    room["rina"].emit("message", {"session_id": live.id, "body": "Bagaimana **RDA** untuk tesis?"})
    got = events(room["budi"], "message")
    assert got and got[0]["author"] == "rina" and "<strong>RDA</strong>" in got[0]["html"]
    with app.app_context():
        stored = db.session.get(LiveMessage, got[0]["id"])
        assert stored.body == "Bagaimana **RDA** untuk tesis?"


def test_catch_up_after_reconnect(app, room, live, connect):
    room["rina"].emit("message", {"session_id": live.id, "body": "satu"})
    last = events(room["budi"], "message")[-1]["id"]
    room["budi"].disconnect()
    room["rina"].emit("message", {"session_id": live.id, "body": "dua"})
    room["rina"].emit("message", {"session_id": live.id, "body": "tiga"})
    budi = connect("budi")
    budi.emit("join", {"session_id": live.id, "after_id": last})
    history = events(budi, "history")[0]
    assert history["catch_up"] and [m["body"] for m in history["messages"]] == ["dua", "tiga"]


def test_markup_is_sanitised(room, live):
    room["rina"].emit("message", {"session_id": live.id, "body": "<script>alert(1)</script>[x](javascript:alert(2))"})
    html = events(room["budi"], "message")[0]["html"]
    assert "<script" not in html and 'href="javascript' not in html


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("teks biasa", "bad_payload"),
        ({"session_id": "satu", "body": "x"}, "bad_payload"),
        ({"session_id": 1.5, "body": "x"}, "bad_payload"),
        ({"body": "tanpa sesi"}, "bad_payload"),
        ({"session_id": "LIVE", "body": ""}, "bad_payload"),
        ({"session_id": "LIVE", "body": None}, "bad_payload"),
        ({"session_id": "LIVE", "body": "x" * 2001}, "too_long"),
        ({"session_id": 999999, "body": "x"}, "not_found"),
    ],
)
def test_bad_messages_are_refused(app, room, live, payload, code):
    if isinstance(payload, dict) and payload.get("session_id") == "LIVE":
        payload = {**payload, "session_id": live.id}
    room["rina"].emit("message", payload)
    assert last_error(room["rina"])["code"] == code
    assert events(room["budi"], "message") == []
    assert room["rina"].is_connected()


def test_not_a_member_until_joined(live, connect, user):
    rina = connect("rina")
    rina.emit("message", {"session_id": live.id, "body": "halo"})
    assert last_error(rina)["code"] == "not_member"


def test_session_not_open(scheduled, connect, user):
    rina = connect("rina")
    rina.emit("join", {"session_id": scheduled.id})
    assert last_error(rina)["code"] == "not_open"


def test_mute_and_unmute(room, live):
    room["rina"].emit("mute", {"session_id": live.id, "username": "budi"})
    assert last_error(room["rina"])["code"] == "forbidden"  # members cannot mute
    room["sari"].emit("mute", {"session_id": live.id, "username": "budi", "muted": True})
    assert events(room["rina"], "muted")[0] == {"session_id": live.id, "username": "budi", "muted": True}
    room["budi"].get_received()
    room["budi"].emit("message", {"session_id": live.id, "body": "boleh bicara?"})
    assert last_error(room["budi"])["code"] == "muted"
    room["sari"].emit("mute", {"session_id": live.id, "username": "budi", "muted": False})
    room["budi"].emit("message", {"session_id": live.id, "body": "terima kasih"})
    assert events(room["rina"], "message")[-1]["body"] == "terima kasih"


def test_remove_member(room, live, connect):
    room["sari"].emit("remove", {"session_id": live.id, "username": "budi"})
    assert events(room["rina"], "removed")[0]["username"] == "budi"
    room["budi"].emit("message", {"session_id": live.id, "body": "masih di sini?"})
    assert last_error(room["budi"])["code"] in ("removed", "not_member")
    room["budi"].emit("join", {"session_id": live.id})
    assert last_error(room["budi"])["code"] == "removed"


def test_slow_mode(room, live):
    room["sari"].emit("slow_mode", {"session_id": live.id, "seconds": 30})
    assert events(room["rina"], "slow_mode")[0]["seconds"] == 30
    room["budi"].get_received()
    room["budi"].emit("message", {"session_id": live.id, "body": "pertama"})
    room["budi"].emit("message", {"session_id": live.id, "body": "kedua"})
    assert last_error(room["budi"])["code"] == "too_fast"
    assert [m["body"] for m in events(room["rina"], "message")] == ["pertama"]
    room["sari"].emit("slow_mode", {"session_id": live.id, "seconds": 9999})
    assert last_error(room["sari"])["code"] == "bad_payload"


def test_pin_and_delete(app, room, live):
    room["rina"].emit("message", {"session_id": live.id, "body": "Tautan materi: https://example.org/marc"})
    message_id = events(room["budi"], "message")[0]["id"]
    room["sari"].emit("pin", {"session_id": live.id, "message_id": message_id})
    assert events(room["budi"], "pinned")[0]["message"]["id"] == message_id
    room["sari"].emit("delete", {"session_id": live.id, "message_id": message_id})
    assert events(room["budi"], "deleted")[0] == {"session_id": live.id, "id": message_id}
    room["budi"].emit("join", {"session_id": live.id})
    mine = events(room["budi"], "history")[0]["messages"][0]
    assert mine["deleted"] and mine["body"] == ""  # gone for members
    room["sari"].emit("join", {"session_id": live.id})
    trace = events(room["sari"], "history")[0]["messages"][0]
    assert trace["deleted"] and "example.org" in trace["body"]  # the moderator keeps the trace


def test_hands_queue_in_order_and_floor(room, live):
    room["budi"].emit("raise_hand", {"session_id": live.id})
    room["rina"].emit("raise_hand", {"session_id": live.id, "raised": True})
    queue = events(room["sari"], "hands")[-1]["queue"]
    assert [h["username"] for h in queue] == ["budi", "rina"]
    room["sari"].emit("give_floor", {"session_id": live.id, "username": "budi"})
    received = room["rina"].get_received()
    assert [payload(e)["username"] for e in received if e["name"] == "floor"] == ["budi"]
    assert [h["username"] for h in [payload(e) for e in received if e["name"] == "hands"][-1]["queue"]] == ["rina"]


def test_questions_votes_and_answered(room, live):
    room["rina"].emit("ask", {"session_id": live.id, "body": "Kapan pakai 264 dan 260?"})
    room["budi"].emit("ask", {"session_id": live.id, "body": "DDC untuk adat Minang?"})
    questions = events(room["sari"], "question")
    first, second = questions[0]["id"], questions[1]["id"]
    room["budi"].emit("vote", {"session_id": live.id, "question_id": first})
    room["sari"].emit("vote", {"session_id": live.id, "question_id": first})
    room["budi"].emit("vote", {"session_id": live.id, "question_id": first})
    assert last_error(room["budi"])["code"] == "conflict"  # one vote each
    room["rina"].emit("vote", {"session_id": live.id, "question_id": first})
    assert last_error(room["rina"])["code"] == "forbidden"  # not your own
    room["sari"].emit("answered", {"session_id": live.id, "question_id": first})
    room["sari"].get_received()
    room["sari"].emit("join", {"session_id": live.id})
    listed = events(room["sari"], "history")[0]["questions"]
    assert [(q["id"], q["votes"], q["answered"]) for q in listed] == [(second, 0, False), (first, 2, True)]


def test_end_writes_transcript_thread(app, client, room, live):
    room["rina"].emit("message", {"session_id": live.id, "body": "Terima kasih atas klinik ini."})
    room["budi"].emit("ask", {"session_id": live.id, "body": "Ada rekamannya?"})
    question = events(room["sari"], "question")[0]["id"]
    room["sari"].emit("answered", {"session_id": live.id, "question_id": question})
    room["sari"].emit("end", {"session_id": live.id})
    ended = events(room["rina"], "ended")[0]
    with app.app_context():
        session = db.session.get(LiveSession, live.id)
        assert session.state == "closed" and session.transcript_thread_id == ended["transcript_thread_id"]
    thread = Api(client).get(f"/threads/{ended['transcript_thread_id']}").get_json()
    assert thread["category"] == "pengelolaan-koleksi" and "Klinik katalogisasi bulanan" in thread["title"]
    text = " ".join(p["body"] for p in thread["posts"]["items"])
    assert "Terima kasih atas klinik ini." in text and "Ada rekamannya?" in text
    room["rina"].emit("message", {"session_id": live.id, "body": "telat"})
    assert last_error(room["rina"])["code"] == "not_open"


def test_sign_out_drops_live_connections(app, live, connect, user):
    rina = connect("rina")
    assert rina.is_connected()
    from forum.accounts import services

    with app.app_context():
        services.sign_out_everywhere(services.user_by_username("rina"))
    assert not rina.is_connected()


def test_events_after_sign_out_everywhere_are_refused(app, live, room, user, monkeypatch):
    """A socket that missed its disconnect (held by a process that was away) is refused at its next event."""
    from forum.accounts import services
    from forum.live import runtime

    monkeypatch.setattr(runtime, "drop_user", lambda user_id: None)
    with app.app_context():
        services.sign_out_everywhere(services.user_by_username("rina"))
    assert room["rina"].is_connected()
    room["rina"].emit("message", {"session_id": live.id, "body": "masih bisa?"})
    assert not room["rina"].is_connected()
    assert events(room["budi"], "message") == []


def test_redis_away_degrades_but_delivers_locally(app, live, connect, user, other_user, host, monkeypatch):
    """With the message queue unreachable, rooms say so, and this process still delivers (stored first)."""
    from forum.live import delivery as delivery_module

    monkeypatch.setitem(app.config, "SOCKETIO_MESSAGE_QUEUE", "redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setattr(delivery_module, "CHECK_EVERY", 0.0)
    monkeypatch.setattr(delivery_module.delivery, "_client", None)
    rina, budi = connect("rina"), connect("budi")
    statuses = events(rina, "status")
    assert statuses and statuses[-1]["degraded"] is True
    for sock in (rina, budi):
        sock.emit("join", {"session_id": live.id})
    budi.get_received()
    rina.emit("message", {"session_id": live.id, "body": "tetap sampai"})
    assert [m["body"] for m in events(budi, "message")] == ["tetap sampai"]
    monkeypatch.setattr(delivery_module.delivery, "_client", None)
    monkeypatch.setitem(app.config, "SOCKETIO_MESSAGE_QUEUE", "")  # the queue is back (here: not needed)
    rina.emit("sync", {"session_id": live.id, "after_id": 0})
    assert [m["body"] for m in events(rina, "history")[-1]["messages"]] == ["tetap sampai"]


def test_suspension_drops_live_connections(app, live, connect, user, host):
    """A suspended member's sockets close at once, and they cannot connect again."""
    from forum.accounts import services as accounts
    from forum.moderation import services as moderation

    rina = connect("rina")
    rina.emit("join", {"session_id": live.id})
    with app.app_context():
        moderation.suspend(accounts.user_by_username("sari"), "rina", "Mengganggu sesi")
    assert not rina.is_connected()


def test_join_tells_who_is_muted(app, live, connect, host, user):
    """After a reload the room still knows who is muted (the mute itself was only an event)."""
    sari = connect("sari")
    sari.emit("join", {"session_id": live.id})
    rina = connect("rina")
    rina.emit("join", {"session_id": live.id})
    sari.emit("mute", {"session_id": live.id, "username": "rina"})
    rina.disconnect()
    again = connect("rina")
    again.emit("join", {"session_id": live.id})
    assert events(again, "history")[0]["muted"] == ["rina"]
