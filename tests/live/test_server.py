"""Live rooms end to end: real gunicorn processes (gevent, production settings), real WebSocket clients.

One server is started for the module, and a pair of servers sharing a Redis
message queue for the test that needs two processes. Every test makes its own
accounts and its own session in the servers' SQLite file (so the per-user
event limits, which stay on, never carry over from one test to the next),
and waits for events with a deadline rather than sleeping.
"""

from __future__ import annotations

import secrets
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import socketio

from tests.live.servers import (
    PASSWORD,
    WAIT,
    Forum,
    Peer,
    Server,
    free_port,
    http_json,
    start_all,
    wait_until,
)

REDIS_QUEUE = "redis://127.0.0.1:6379/11"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("live-e2e")


@pytest.fixture(scope="module")
def forum(workdir) -> Iterator[Forum]:
    """The servers' database, always a new SQLite file (also when the suite runs on PostgreSQL)."""
    forum = Forum(f"sqlite:///{workdir / 'live.db'}")
    yield forum
    forum.close()


@pytest.fixture(scope="module")
def secret() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def server(forum, workdir, secret) -> Iterator[Server]:
    """One gunicorn process, no message queue."""
    [one] = start_all([Server(forum.url, workdir, free_port(), secret)])
    yield one
    one.stop()


@pytest.fixture(scope="module")
def pair(forum, workdir, secret) -> Iterator[tuple[Server, Server]]:
    """Two gunicorn processes on two ports, one database, one Redis message queue."""
    first, second = start_all([Server(forum.url, workdir, free_port(), secret, queue=REDIS_QUEUE)
                               for _ in range(2)])
    yield first, second
    first.stop()
    second.stop()


@pytest.fixture
def connect(forum, server) -> Iterator[Callable[..., Peer]]:
    """``connect(username)``: a signed-in WebSocket peer (on ``server`` unless given); closed afterwards."""
    made: list[Peer] = []

    def make(username: str, on: Server | None = None, token: str | None = None) -> Peer:
        peer = Peer((on or server).base, token or forum.token(username), username)
        made.append(peer)
        return peer.connect()

    yield make
    for peer in made:
        peer.close()


@dataclass
class Room:
    """An open session with its moderator and two members in the room, nothing received yet."""

    id: int
    names: dict[str, str]
    host: Peer
    rina: Peer
    budi: Peer


@pytest.fixture
def room(forum, connect) -> Room:
    names = {"host": forum.user("sari", "moderator"), "rina": forum.user("rina"), "budi": forum.user("budi")}
    session_id = forum.session(names["host"])
    peers = {key: connect(name) for key, name in names.items()}
    for peer in peers.values():
        peer.join(session_id)
    for peer in peers.values():
        peer.skip()  # presence lists still to come are told apart by their content where it matters
    return Room(session_id, names, **peers)


def bodies(peer: Peer) -> list[str]:
    return [m["body"] for m in peer.received("message")]


# -- connecting ------------------------------------------------------------------------

def test_anonymous_and_bad_token_connections_are_refused(server):
    for token in (None, "bukan-token-yang-sah"):
        peer = Peer(server.base, token)
        with pytest.raises(socketio.exceptions.ConnectionError, match="failed to connect"):
            peer.connect()
        assert not peer.connected
        peer.close()


def test_token_from_the_api_message_broadcast_sanitised_and_stored(forum, server, connect):
    rina, budi = forum.user("rina"), forum.user("budi")
    host = forum.user("sari", "moderator")
    session_id = forum.session(host)
    tokens = {}
    for name in (rina, budi):
        status, answer = http_json("POST", server.base + "/api/v1/tokens", {"username": name, "password": PASSWORD})
        assert status == 201, answer
        tokens[name] = answer["token"]
    a, b = connect(rina, token=tokens[rina]), connect(budi, token=tokens[budi])
    assert a.join(session_id)["messages"] == []
    b.join(session_id)

    body = "Bagaimana **RDA** untuk tesis? <script>alert(1)</script>[x](javascript:alert(2))"
    a.say(session_id, body)
    got = b.message(body)
    assert got["author"] == rina and got["session_id"] == session_id
    assert "<strong>RDA</strong>" in got["html"]
    assert "<script" not in got["html"] and 'href="javascript' not in got["html"]
    assert a.message(body)["id"] == got["id"]  # the room includes the sender

    later = connect(budi)  # a second tab: the history comes from the database
    history = later.join(session_id)
    assert [(m["id"], m["body"], m["html"]) for m in history["messages"]] == [(got["id"], body, got["html"])]
    assert got["id"] in forum.message_ids(session_id)


def test_catch_up_after_reconnect_gets_exactly_what_was_missed(forum, connect):
    rina, budi = forum.user("rina"), forum.user("budi")
    session_id = forum.session(forum.user("sari", "moderator"))
    a, b = connect(rina), connect(budi)
    a.join(session_id)
    b.join(session_id)
    a.say(session_id, "satu")
    last = b.message("satu")["id"]
    b.close()
    for body in ("dua", "tiga"):
        a.say(session_id, body)
        a.message(body)  # stored and broadcast while Budi was away

    back = connect(budi)
    history = back.join(session_id, after_id=last)
    assert history["catch_up"] is True
    assert [m["body"] for m in history["messages"]] == ["dua", "tiga"]
    assert all(m["id"] > last for m in history["messages"])


# -- moderation ------------------------------------------------------------------------

def test_mute_then_unmute(room):
    budi = room.names["budi"]
    room.host.emit("mute", {"session_id": room.id, "username": budi, "muted": True})
    assert room.rina.wait_for("muted") == {"session_id": room.id, "username": budi, "muted": True}
    room.budi.wait_for("muted")
    room.budi.say(room.id, "boleh bicara?")
    room.budi.error("muted")

    room.host.emit("mute", {"session_id": room.id, "username": budi, "muted": False})
    assert room.budi.wait_for("muted")["muted"] is False
    room.budi.say(room.id, "terima kasih")
    room.rina.message("terima kasih")
    assert bodies(room.rina) == ["terima kasih"]  # the muted message never reached the room


def test_remove_puts_a_member_out_for_good(room):
    budi = room.names["budi"]
    room.host.emit("remove", {"session_id": room.id, "username": budi})
    assert room.rina.wait_for("removed") == {"session_id": room.id, "username": budi}
    # Presence lists are coalesced (one a second): one read before the removal may still arrive first.
    room.rina.wait_for("presence", lambda p: budi not in {u["username"] for u in p["users"]})

    room.budi.say(room.id, "masih di sini?")
    assert room.budi.wait_for("error")["code"] in ("removed", "not_member")
    room.budi.emit("join", {"session_id": room.id})
    room.budi.error("removed")
    room.host.say(room.id, "lanjut")
    room.rina.message("lanjut")
    assert "masih di sini?" not in bodies(room.rina)
    assert room.budi.connected


def test_a_removed_member_cannot_read_the_room_through_sync(room):
    """Removed means out: no messages by ``join`` (refused) nor by ``sync``."""
    room.rina.say(room.id, "rahasia ruangan")
    room.budi.message("rahasia ruangan")
    room.host.emit("remove", {"session_id": room.id, "username": room.names["budi"]})
    room.budi.wait_for("removed", lambda r: r["username"] == room.names["budi"])
    room.budi.emit("sync", {"session_id": room.id, "after_id": 0})
    assert wait_until(lambda: any(e["code"] == "removed" for e in room.budi.received("error"))
                      or any(h.get("catch_up") for h in room.budi.received("history")))
    leaked = [m["body"] for h in room.budi.received("history") if h.get("catch_up") for m in h["messages"]]
    assert leaked == [], "a removed member still reads the room"


def test_slow_mode_refuses_the_second_message(room):
    room.host.emit("slow_mode", {"session_id": room.id, "seconds": 30})
    assert room.rina.wait_for("slow_mode") == {"session_id": room.id, "seconds": 30}
    room.budi.wait_for("slow_mode")
    room.budi.say(room.id, "pertama")
    room.rina.message("pertama")
    room.budi.say(room.id, "kedua")
    assert room.budi.error("too_fast")["message"]
    room.host.say(room.id, "moderator tidak dibatasi")  # moderators are not slowed down
    room.rina.message("moderator tidak dibatasi")
    assert bodies(room.rina) == ["pertama", "moderator tidak dibatasi"]


def test_pin_and_delete_reach_the_others(room):
    room.rina.say(room.id, "Tautan materi: https://example.org/marc")
    message_id = room.budi.message("Tautan materi: https://example.org/marc")["id"]
    room.host.emit("pin", {"session_id": room.id, "message_id": message_id})
    assert room.budi.wait_for("pinned")["message"]["id"] == message_id
    assert room.rina.wait_for("pinned")["message"]["id"] == message_id

    room.host.emit("delete", {"session_id": room.id, "message_id": message_id})
    assert room.budi.wait_for("deleted") == {"session_id": room.id, "id": message_id}
    assert room.rina.wait_for("deleted") == {"session_id": room.id, "id": message_id}
    history = room.budi.join(room.id)
    assert history["pinned"] is None  # deleting the pinned message unpins it
    [gone] = history["messages"]
    assert gone["id"] == message_id and gone["deleted"] and gone["body"] == ""


def test_hands_queue_in_order_and_the_floor(room):
    rina, budi = room.names["rina"], room.names["budi"]
    room.budi.emit("raise_hand", {"session_id": room.id, "raised": True})
    room.host.wait_for("hands", lambda h: [q["username"] for q in h["queue"]] == [budi])
    room.rina.emit("raise_hand", {"session_id": room.id, "raised": True})
    room.host.wait_for("hands", lambda h: [q["username"] for q in h["queue"]] == [budi, rina])

    room.host.emit("give_floor", {"session_id": room.id, "username": budi})
    assert room.rina.wait_for("floor")["username"] == budi
    assert room.budi.wait_for("floor")["username"] == budi
    room.rina.wait_for("hands", lambda h: [q["username"] for q in h["queue"]] == [rina])


def test_questions_votes_and_answered(room):
    room.rina.emit("ask", {"session_id": room.id, "body": "Kapan pakai 264 dan 260?"})
    first = room.host.wait_for("question", lambda q: q["body"] == "Kapan pakai 264 dan 260?")["id"]
    room.budi.emit("ask", {"session_id": room.id, "body": "DDC untuk adat Minang?"})
    second = room.host.wait_for("question", lambda q: q["body"] == "DDC untuk adat Minang?")["id"]

    room.budi.emit("vote", {"session_id": room.id, "question_id": first})
    room.host.wait_for("question", lambda q: q["id"] == first and q["votes"] == 1)
    room.host.emit("vote", {"session_id": room.id, "question_id": first})
    room.rina.wait_for("question", lambda q: q["id"] == first and q["votes"] == 2)
    room.budi.emit("vote", {"session_id": room.id, "question_id": first})
    room.budi.error("conflict")  # one vote each
    room.rina.emit("vote", {"session_id": room.id, "question_id": first})
    room.rina.error("forbidden")  # not your own

    room.host.emit("answered", {"session_id": room.id, "question_id": first})
    room.budi.wait_for("question", lambda q: q["id"] == first and q["answered"])
    listed = room.host.join(room.id)["questions"]
    assert [(q["id"], q["votes"], q["answered"]) for q in listed] == [(second, 0, False), (first, 2, True)]


def test_end_tells_everyone_and_writes_the_transcript(forum, server, room):
    room.rina.say(room.id, "Terima kasih atas klinik ini.")
    room.budi.message("Terima kasih atas klinik ini.")
    room.host.emit("end", {"session_id": room.id})
    ended = [peer.wait_for("ended") for peer in (room.host, room.rina, room.budi)]
    thread_id = ended[0]["transcript_thread_id"]
    assert isinstance(thread_id, int)
    assert all(e == {"session_id": room.id, "transcript_thread_id": thread_id} for e in ended)

    status, thread = http_json("GET", f"{server.base}/api/v1/threads/{thread_id}",
                               token=forum.token(room.names["budi"]))
    assert status == 200, thread
    assert thread["category"] == "pengelolaan-koleksi" and "Klinik katalogisasi" in thread["title"]
    assert "Terima kasih atas klinik ini." in " ".join(p["body"] for p in thread["posts"]["items"])
    status, live = http_json("GET", f"{server.base}/api/v1/live-sessions/{room.id}")
    assert status == 200 and live["state"] == "closed" and live["transcript_thread_id"] == thread_id

    room.rina.say(room.id, "telat")
    room.rina.error("not_open")


# -- refusals: an error to the sender, and the connection stays usable --------------------

def _not_open(forum: Forum, peer: Peer, session_id: int) -> None:
    peer.emit("join", {"session_id": forum.session(forum.user("sari", "moderator"), open_it=False)})


def _too_long(forum: Forum, peer: Peer, session_id: int) -> None:
    peer.join(session_id)
    peer.say(session_id, "x" * 2001)


def _before_join(forum: Forum, peer: Peer, session_id: int) -> None:
    peer.say(session_id, "halo")


def _string_payload(forum: Forum, peer: Peer, session_id: int) -> None:
    peer.emit("message", "teks biasa")


def _no_session_id(forum: Forum, peer: Peer, session_id: int) -> None:
    peer.emit("message", {"body": "tanpa sesi"})


def _member_mutes(forum: Forum, peer: Peer, session_id: int) -> None:
    peer.join(session_id)
    peer.emit("mute", {"session_id": session_id, "username": forum.user("budi"), "muted": True})


@pytest.mark.parametrize(
    ("refused", "code"),
    [(_not_open, "not_open"), (_too_long, "too_long"), (_before_join, "not_member"),
     (_string_payload, "bad_payload"), (_no_session_id, "bad_payload"), (_member_mutes, "forbidden")],
    ids=["not-open", "too-long", "not-member", "string-payload", "no-session-id", "member-mutes"],
)
def test_refusals_answer_the_sender_and_keep_the_connection(forum, connect, refused, code):
    session_id = forum.session(forum.user("sari", "moderator"))
    peer = connect(forum.user("rina"))
    refused(forum, peer, session_id)
    assert peer.error(code)["message"]
    assert peer.connected
    assert peer.received("message") == []
    peer.join(session_id)  # the connection still works: a valid join and message go through
    peer.say(session_id, "x" * 2000)
    assert peer.message("x" * 2000)["author"] == peer.name


# -- several processes ---------------------------------------------------------------------

def test_two_processes_share_rooms_through_redis(forum, pair, connect):
    first, second = pair
    rina, budi = forum.user("rina"), forum.user("budi")
    session_id = forum.session(forum.user("sari", "moderator"))
    a, b = connect(rina, on=first), connect(budi, on=second)
    a.join(session_id)
    b.join(session_id)
    both = {rina, budi}
    a.wait_for("presence", lambda p: {u["username"] for u in p["users"]} == both)  # B joined on the other process
    b.wait_for("presence", lambda p: {u["username"] for u in p["users"]} == both)

    hello, reply = f"dari {first.port} {secrets.token_hex(3)}", f"dari {second.port} {secrets.token_hex(3)}"
    a.say(session_id, hello)
    got_hello = b.message(hello)
    assert got_hello["author"] == rina
    b.say(session_id, reply)
    got_reply = a.message(reply)
    assert got_reply["author"] == budi
    assert forum.message_ids(session_id) == [got_hello["id"], got_reply["id"]]


def test_removal_on_one_process_stops_delivery_on_the_other(forum, pair, connect):
    first, second = pair
    names = {"host": forum.user("sari", "moderator"), "rina": forum.user("rina"), "budi": forum.user("budi")}
    session_id = forum.session(names["host"])
    host, rina, budi = connect(names["host"], on=first), connect(names["rina"], on=second), \
        connect(names["budi"], on=second)
    for peer in (host, rina, budi):
        peer.join(session_id)
    rina.wait_for("presence", lambda p: {u["username"] for u in p["users"]} == set(names.values()))

    host.emit("remove", {"session_id": session_id, "username": names["budi"]})
    budi.wait_for("removed", lambda r: r["username"] == names["budi"])
    rina.wait_for("presence", lambda p: names["budi"] not in {u["username"] for u in p["users"]})
    host.say(session_id, "hanya untuk peserta")
    rina.message("hanya untuk peserta")  # delivered on the second process: Budi's socket was there too
    budi.emit("join", {"session_id": session_id})
    budi.error("removed")  # answered after anything the room was sent before
    assert "hanya untuk peserta" not in bodies(budi)


def newest_presence(peer: Peer) -> set[str]:
    """Who is in the room according to the newest snapshot (``as_of``) a peer has, as the room script keeps it."""
    seen = peer.received("presence")
    return {u["username"] for u in max(seen, key=lambda p: p["as_of"])["users"]} if seen else set()


def test_presence_settles_on_everyone_when_many_join_at_once_on_two_processes(forum, pair, connect):
    """After a wave of joins spread over two processes, everyone's newest presence list names everyone."""
    session_id = forum.session(forum.user("sari", "moderator"))
    names = [forum.user("peserta") for _ in range(24)]
    peers = [connect(name, on=pair[i % 2]) for i, name in enumerate(names)]
    for peer in peers:
        peer.emit("join", {"session_id": session_id})  # all at once, as when a session starts
    everyone = set(names)
    settled = wait_until(lambda: all(newest_presence(peer) == everyone for peer in peers))
    short = sorted(len(newest_presence(peer)) for peer in peers if newest_presence(peer) != everyone)
    assert settled, f"{len(short)} of {len(peers)} peers' newest presence misses people (they list {short})"


# -- restarts ------------------------------------------------------------------------------

def test_presence_after_a_server_restart_lists_only_who_came_back(forum, workdir, secret):
    """Sockets of a process that died never said goodbye; the room must not keep listing their users.

    A lone process (no message queue) forgets an earlier run's sockets at its first connection.
    """
    rina, budi = forum.user("rina"), forum.user("budi")
    session_id = forum.session(forum.user("sari", "moderator"))
    [old] = start_all([Server(forum.url, workdir, free_port(), secret)])
    peers = [Peer(old.base, forum.token(name), name).connect() for name in (rina, budi)]
    try:
        for peer in peers:
            peer.join(session_id)
        peers[0].wait_for("presence", lambda p: {u["username"] for u in p["users"]} == {rina, budi})
        old.crash()
        assert peers[1].disconnected.wait(10)
    finally:
        for peer in peers:
            peer.close()
        old.stop()

    [new] = start_all([Server(forum.url, workdir, free_port(), secret)])
    back = Peer(new.base, forum.token(rina), rina)
    try:
        back.connect().join(session_id)  # Rina comes back; Budi has closed his laptop
        presence = back.wait_for("presence")
        assert [u["username"] for u in presence["users"]] == [rina]
    finally:
        back.close()
        new.stop()


def test_a_stopping_server_cuts_live_connections_at_once_and_the_rooms_forget_them(forum, workdir, secret):
    """SIGTERM: clients are cut without a goodbye (so they reconnect) and the other process's rooms drop them at once.

    Without this, a stopping process kept its clients for the whole grace time, and the rooms on other
    processes listed them until the stopped process had been silent for 15 s.
    """
    rina, budi = forum.user("rina"), forum.user("budi")
    session_id = forum.session(forum.user("sari", "moderator"))
    stopping, staying = start_all([Server(forum.url, workdir, free_port(), secret, queue=REDIS_QUEUE)
                                   for _ in range(2)])
    leaving, watching = Peer(stopping.base, forum.token(rina), rina), Peer(staying.base, forum.token(budi), budi)
    try:
        for peer in (leaving, watching):
            peer.connect().join(session_id)
        watching.wait_for("presence", lambda p: {u["username"] for u in p["users"]} == {rina, budi})

        stopping.proc.send_signal(signal.SIGTERM)
        assert leaving.disconnected.wait(WAIT), "the stopping server kept its live connection open"
        assert leaving.disconnect_reason != socketio.Client.reason.SERVER_DISCONNECT, \
            "a Socket.IO disconnect tells clients not to reconnect"
        watching.wait_for("presence", lambda p: [u["username"] for u in p["users"]] == [budi])
        watching.say(session_id, "masih di sini")
        watching.message("masih di sini")  # the room goes on on the other process
    finally:
        for peer in (leaving, watching):
            peer.close()
        stopping.stop()
        staying.stop()


# -- signing out ---------------------------------------------------------------------------

def test_sign_out_everywhere_ends_the_live_connection(forum, server, connect):
    """The server re-checks the account on every event: the next one after a sign-out is refused."""
    rina = forum.user("rina")
    session_id = forum.session(forum.user("sari", "moderator"))
    token = forum.token(rina)
    peer = connect(rina, token=token)
    peer.join(session_id)

    forum.sign_out_everywhere(rina)  # in this process: the server only sees the database change
    peer.say(session_id, "masih bisa?")
    peer.error("not_signed_in")
    assert peer.disconnected.wait(10), "the server kept the signed-out socket open"
    assert "masih bisa?" not in bodies(peer)
    assert forum.message_ids(session_id) == []
    again = Peer(server.base, token)
    with pytest.raises(socketio.exceptions.ConnectionError, match="failed to connect"):
        again.connect()  # the token went with the sign-out
    again.close()
