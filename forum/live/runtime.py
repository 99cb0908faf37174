"""The live rooms inside one serving process: its name, heartbeat, presence updates and shutdown.

Only the socket layer (``events``), the process's server hooks (gunicorn.conf.py)
and the sign-out signals use this module; pages and the API never import it.
"""

from __future__ import annotations

import os
import socket as socket_module
import threading
import uuid

from flask import current_app
from flask_login import user_logged_out
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from forum.accounts.services import login_hash, sessions_ended
from forum.extensions import db, socketio
from forum.live import sockets
from forum.live.delivery import delivery, room
from forum.live.payloads import presence_json

# This process, as named in the sockets it holds (see sockets.heartbeat).
SERVER = f"{socket_module.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
state = {"first": True, "loop": False, "stopping": False}
_lock = threading.Lock()

# At most this many socket events use the database at once (below the pool's 15 connections).
# Under gevent every query yields to the other greenlets: when hundreds of clients arrive at
# once (a session starting, a restart), transactions would hold their connection while waiting
# for the CPU, and the rest would time out waiting for a connection. Waiting here holds nothing.
DB_SLOTS = 10
db_slots = threading.BoundedSemaphore(DB_SLOTS)

EVENT_LIMIT = parse("20/5second")  # any event
MESSAGE_LIMIT = parse("5/5second")  # messages and questions, on top of slow mode


class EventLimiter:
    """Moving-window limits on socket events, in the shared storage, in memory while that is away.

    Falling back keeps each process enforcing its own limits (a flood is still
    refused) instead of refusing every event or letting every event through.
    """

    def __init__(self) -> None:
        self._shared: MovingWindowRateLimiter | None = None
        self._local = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, item, *keys: str) -> bool:
        if self._shared is None:
            uri = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
            self._shared = MovingWindowRateLimiter(storage_from_string(uri))
        try:
            return self._shared.hit(item, *keys)
        except Exception:  # noqa: BLE001 - storage unreachable: limit in this process instead
            return self._local.hit(item, *keys)


limiter = EventLimiter()

PRESENCE_EVERY = 1.0  # seconds: at most one presence list per room per process in that time
_dirty: set[int] = set()


def presence(session_id: int) -> None:
    """Tell a room who is in it: at once in tests, else coalesced by the presence loop.

    Sending the whole list on every join would make a join wave of N clients cost
    N x N events; coalescing makes it one list per room per second.
    """
    if not state["loop"]:
        send_presence(session_id)
        return
    with _lock:
        _dirty.add(session_id)


def send_presence(session_id: int) -> None:
    delivery.emit("presence", presence_json(session_id, *sockets.present(session_id)), to=room(session_id))


def _presence_loop(app) -> None:
    while True:
        socketio.sleep(PRESENCE_EVERY)
        with _lock:
            rooms = sorted(_dirty)
            _dirty.clear()
        if not rooms:
            continue
        with app.app_context():
            try:
                for session_id in rooms:
                    send_presence(session_id)
            except Exception:  # noqa: BLE001 - keep the loop alive; the next change resends
                app.logger.exception("live presence update failed")
            finally:
                db.session.remove()


def alive() -> None:
    """Record that this process serves sockets; the first time, forget an earlier run's sockets.

    Without a message queue this is the only process, so every socket not ours
    is from before a restart. Outside tests the first connect also starts the
    background task that repeats the heartbeat (a reconnect wave of hundreds of
    clients then costs no writes); tests have no such task and beat on every
    connect instead.
    """
    app = current_app._get_current_object()
    with _lock:
        first, state["first"] = state["first"], False
        start_loop = not state["loop"] and not app.testing
        looping, state["loop"] = state["loop"], state["loop"] or start_loop
    if looping:
        return
    beat(alone=first and not app.config.get("SOCKETIO_MESSAGE_QUEUE"))
    if start_loop:
        socketio.start_background_task(_heartbeat_loop, app)
        socketio.start_background_task(_presence_loop, app)


def beat(*, alone: bool = False) -> None:
    """One heartbeat: stay known, re-register this process's sockets if it was forgotten, cut suspended members."""
    result = sockets.heartbeat(SERVER, alone=alone)
    changed = set(result.rooms)
    if result.forgotten:
        held = held_here()
        if held:
            current_app.logger.warning("live: this process had been forgotten; registering %d sockets again",
                                       len(held))
            changed.update(sockets.restore(SERVER, held))
    for sid in sockets.suspended_here(SERVER):
        socketio.server.disconnect(sid, namespace="/")
    for session_id in sorted(changed):
        presence(session_id)


def held_here() -> list[tuple[str, int, list[int]]]:
    """The sockets this process holds: ``(sid, user id, live session ids)``, from its own room table."""
    rooms = socketio.server.manager.rooms.get("/", {})
    users: dict[str, int] = {}
    sessions: dict[str, list[int]] = {}
    for name, members in list(rooms.items()):
        if not isinstance(name, str):
            continue
        kind, _, number = name.partition(":")
        if kind not in ("user", "live") or not number.isascii() or not number.isdigit():
            continue
        for sid in list(members):
            if kind == "user":
                users[sid] = int(number)
            else:
                sessions.setdefault(sid, []).append(int(number))
    return [(sid, user_id, sessions.get(sid, [])) for sid, user_id in users.items()]


def _heartbeat_loop(app) -> None:
    while True:
        socketio.sleep(sockets.HEARTBEAT)
        with app.app_context():
            try:
                beat()
            except Exception:  # noqa: BLE001 - keep beating; the next beat retries
                db.session.rollback()
                app.logger.exception("live heartbeat failed")
            finally:
                db.session.remove()


def shutdown(app) -> int:
    """Close this process's live connections at once (it is stopping); returns how many it closed.

    Its sockets and presence are forgotten in one write and the rooms told, then
    every connection is cut without a goodbye, so that clients reconnect at once,
    to another process or to this one's successor, instead of keeping a process
    that is going away busy until its grace time ends (a Socket.IO disconnect
    would tell them not to come back).
    """
    state["stopping"] = True
    with app.app_context():
        try:
            for session_id in sockets.stop_serving(SERVER):
                send_presence(session_id)
        except Exception:  # noqa: BLE001 - the others forget this process once it falls silent
            app.logger.exception("live shutdown: could not forget this process's sockets")
        finally:
            db.session.remove()
    return cut()


def cut() -> int:
    """Close every live connection of this process without a goodbye; returns how many.

    After shutdown() the process still accepts connections until its server loop
    notices the stop (up to a second): those are cut too, by calling this again.
    """
    connections = list(socketio.server.eio.sockets.values())
    for connection in connections:
        connection.close(wait=False, abort=True)
    return len(connections)


def drop_user(user_id: int, login_hash: str | None = None) -> None:
    """End the live connections of a user (of one browser sign-in, if given), on whichever process holds them."""
    for sid in sockets.sockets_of(user_id, login_hash):
        socketio.server.disconnect(sid, namespace="/")


def _on_logged_out(app, user) -> None:
    """Signing out one browser closes that browser's sockets; the member's other browsers stay in the room."""
    if getattr(user, "id", None) is None:
        return
    key_hash = login_hash(user)
    if key_hash is not None:
        drop_user(user.id, key_hash)


def _on_sessions_ended(sender, user_id: int) -> None:
    drop_user(user_id)


user_logged_out.connect(_on_logged_out)
sessions_ended.connect(_on_sessions_ended)
