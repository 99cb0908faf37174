"""Socket.IO handlers of live rooms, one per event (default namespace).

HTTP hooks do not run for socket events, so this module does what they would:
it identifies the user at connect (session cookie or ``auth: {token}``) and
refuses anonymous connections, re-checks the user on every event (a sign-out
everywhere or a suspension ends their sockets), validates every payload,
rate-limits events itself, and turns every refusal into an ``error`` event to
the sender. A handler never lets an exception end the connection.
"""

from __future__ import annotations

import functools
import os
import socket as socket_module
import threading
import uuid

from flask import current_app, request, session
from flask_login import current_user, user_logged_out
from flask_socketio import disconnect, emit, join_room, leave_room
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from forum.accounts.models import User
from forum.accounts.services import sessions_ended
from forum.errors import ForumError
from forum.extensions import db, socketio
from forum.live import services
from forum.live.delivery import delivery
from forum.live.payloads import message_json, presence_json, question_json

# This process, as named in the sockets it holds (see services.heartbeat).
SERVER = f"{socket_module.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
_beat = {"first": True, "loop": False, "stopping": False}
_beat_lock = threading.Lock()

# At most this many socket events use the database at once (below the pool's 15 connections).
# Under gevent every query yields to the other greenlets: when hundreds of clients arrive at
# once (a session starting, a restart), transactions would hold their connection while waiting
# for the CPU, and the rest would time out waiting for a connection. Waiting here holds nothing.
DB_SLOTS = 10
_db_slots = threading.BoundedSemaphore(DB_SLOTS)

EVENT_LIMIT = parse("20/5second")  # any event
MESSAGE_LIMIT = parse("5/5second")  # messages and questions, on top of slow mode
_limiter: MovingWindowRateLimiter | None = None


def room(session_id: int) -> str:
    return f"live:{session_id}"


def _rate_limiter() -> MovingWindowRateLimiter:
    global _limiter
    if _limiter is None:
        uri = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        _limiter = MovingWindowRateLimiter(storage_from_string(uri))
    return _limiter


def _refuse(code: str, message: str) -> None:
    emit("error", {"code": code, "message": message})


def _current() -> User | None:
    """The user this socket belongs to, if still allowed (re-checked on every event)."""
    ident = session.get("live_user")
    if not ident:
        return None
    user = db.session.get(User, ident[0])
    if user is None or user.suspended or user.session_version != ident[1]:
        return None
    return user


def handler(event: str, *, limit=None):
    """Register an event: check the user, the payload shape and the rate; answer refusals with ``error``."""

    def wrap(fn):
        @socketio.on(event)
        @functools.wraps(fn)
        def run(data=None):
            if _beat["stopping"]:
                return None  # cut() is about to close this connection; the client will redo it elsewhere
            with _db_slots:
                return _run(data)

        def _run(data):
            try:
                user = _current()
                if user is None:
                    _refuse("not_signed_in", "Your session has ended; sign in again.")
                    disconnect()
                    return None
                if not isinstance(data, dict):
                    _refuse("bad_payload", f"'{event}' needs an object, e.g. {{\"session_id\": 1}}.")
                    return None
                if current_app.config.get("RATELIMIT_ENABLED", True):
                    limiter = _rate_limiter()
                    for item in (EVENT_LIMIT, limit) if limit else (EVENT_LIMIT,):
                        if not limiter.hit(item, "live", event if item is limit else "any", str(user.id)):
                            _refuse("too_fast", "Too many events; slow down a little.")
                            return None
                return fn(user, data)
            except ForumError as exc:
                db.session.rollback()
                _refuse(exc.code, exc.message)
            except Exception:  # noqa: BLE001 - a handler must never drop the connection
                db.session.rollback()
                current_app.logger.exception("live event %s failed", event)
                _refuse("server_error", "Something went wrong on our side; please try again.")
            finally:
                db.session.remove()
            return None

        return run

    return wrap


def _session_id(data: dict) -> int:
    value = data.get("session_id")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ForumError("session_id must be a number.", code="bad_payload")
    return value


PRESENCE_EVERY = 1.0  # seconds: at most one presence list per room per process in that time
_dirty: set[int] = set()


def _presence(session_id: int) -> None:
    """Tell a room who is in it: at once in tests, else coalesced by the presence loop.

    Sending the whole list on every join would make a join wave of N clients cost
    N x N events; coalescing makes it one list per room per second.
    """
    if not _beat["loop"]:
        _send_presence(session_id)
        return
    with _beat_lock:
        _dirty.add(session_id)


def _send_presence(session_id: int) -> None:
    delivery.emit("presence", presence_json(session_id, *services.present(session_id)), to=room(session_id))


def _presence_loop(app) -> None:
    while True:
        socketio.sleep(PRESENCE_EVERY)
        with _beat_lock:
            rooms = sorted(_dirty)
            _dirty.clear()
        if not rooms:
            continue
        with app.app_context():
            try:
                for session_id in rooms:
                    _send_presence(session_id)
            except Exception:  # noqa: BLE001 - keep the loop alive; the next change resends
                app.logger.exception("live presence update failed")
            finally:
                db.session.remove()


def _alive() -> None:
    """Record that this process serves sockets; the first time, forget an earlier run's sockets.

    Without a message queue this is the only process, so every socket not ours
    is from before a restart. Outside tests the first connect also starts the
    background task that repeats the heartbeat (a reconnect wave of hundreds of
    clients then costs no writes); tests have no such task and beat on every
    connect instead.
    """
    app = current_app._get_current_object()
    with _beat_lock:
        first, _beat["first"] = _beat["first"], False
        start_loop = not _beat["loop"] and not app.testing
        looping, _beat["loop"] = _beat["loop"], _beat["loop"] or start_loop
    if looping:
        return
    alone = first and not app.config.get("SOCKETIO_MESSAGE_QUEUE")
    for session_id in services.heartbeat(SERVER, alone=alone):
        _presence(session_id)
    if start_loop:
        socketio.start_background_task(_heartbeat_loop, app)
        socketio.start_background_task(_presence_loop, app)


def _heartbeat_loop(app) -> None:
    while True:
        socketio.sleep(services.HEARTBEAT)
        with app.app_context():
            try:
                for session_id in services.heartbeat(SERVER):
                    _presence(session_id)
            except Exception:  # noqa: BLE001 - keep beating; the next beat retries
                app.logger.exception("live heartbeat failed")
            finally:
                db.session.remove()


@socketio.on("connect")
def on_connect(auth=None):
    """Sent by a client opening its connection: session cookie or ``auth: {token}``; anonymous is refused."""
    from forum.accounts.services import user_for_token

    if _beat.get("stopping"):
        return True  # this process is going away: cut() closes it at once, and the client comes back elsewhere
    with _db_slots:
        try:
            user = None
            if isinstance(auth, dict) and isinstance(auth.get("token"), str):
                user = user_for_token(auth["token"])
            elif current_user.is_authenticated:
                user = current_user._get_current_object()
            if user is None or user.suspended:
                raise ConnectionRefusedError("not_signed_in")
            session["live_user"] = (user.id, user.session_version)
            _alive()
            services.connect(user, request.sid, SERVER)
        finally:
            db.session.remove()
    join_room(f"user:{user.id}")
    emit("status", {"degraded": not delivery.healthy()})
    return True


def shutdown(app) -> int:
    """Close this process's live connections at once (it is stopping); returns how many it closed.

    Its sockets and presence are forgotten in one write and the rooms told, then
    every connection is cut without a goodbye, so that clients reconnect at once,
    to another process or to this one's successor, instead of keeping a process
    that is going away busy until its grace time ends (a Socket.IO disconnect
    would tell them not to come back).
    """
    _beat["stopping"] = True
    with app.app_context():
        try:
            for session_id in services.stop_serving(SERVER):
                _send_presence(session_id)
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


@socketio.on("disconnect")
def on_disconnect(*_args):
    """Sent when a client goes away: leave every room and update presence."""
    if _beat.get("stopping"):
        return  # shutdown() has forgotten every socket of this process at once
    with _db_slots:
        try:
            for session_id in services.disconnect(request.sid):
                _presence(session_id)
        except Exception:  # noqa: BLE001 - nothing to answer on a closed connection
            db.session.rollback()
            current_app.logger.exception("live disconnect cleanup failed")
        finally:
            db.session.remove()


@handler("join")
def on_join(user: User, data: dict):
    """Sent by clients when they enter a room; ``after_id`` asks only for what they missed."""
    session_id = _session_id(data)
    live = services.join(user, session_id, request.sid, SERVER)
    join_room(room(session_id))
    after = data.get("after_id")
    messages = services.history(user, session_id, after_id=after if isinstance(after, int) else None)
    moderator = services.can_moderate(user, live)
    emit("history", {"session_id": session_id, "messages": [message_json(m, moderator) for m in messages],
                     "catch_up": isinstance(after, int), "slow_mode": live.slow_mode_seconds,
                     "pinned": message_json(db.session.get(services.LiveMessage, live.pinned_message_id), moderator)
                     if live.pinned_message_id else None,
                     "questions": [question_json(q) for q in services.questions(session_id)],
                     "muted": services.muted(session_id),
                     "hands": _queue(session_id) if moderator else []})
    _presence(session_id)


@handler("sync")
def on_sync(user: User, data: dict):
    """Sent by clients after a reconnect or while delivery is degraded: everything after ``after_id``."""
    session_id = _session_id(data)
    after = data.get("after_id")
    if isinstance(after, bool) or not isinstance(after, int):
        raise ForumError("after_id must be a number.", code="bad_payload")
    live = services.get_session(session_id)
    messages = services.catch_up(user, session_id, after)
    emit("history", {"session_id": session_id, "catch_up": True,
                     "messages": [message_json(m, services.can_moderate(user, live)) for m in messages]})


@handler("leave")
def on_leave(user: User, data: dict):
    """Sent by clients when they leave a room."""
    session_id = _session_id(data)
    services.leave(request.sid, session_id)
    leave_room(room(session_id))
    _presence(session_id)


@handler("message", limit=MESSAGE_LIMIT)
def on_message(user: User, data: dict):
    """Sent by a member saying something: stored, then broadcast to the room."""
    session_id = _session_id(data)
    message = services.post_message(user, session_id, data.get("body"))
    delivery.emit("message", message_json(message, False), to=room(session_id))


@handler("typing")
def on_typing(user: User, data: dict):
    """Sent while a member types: others see a hint (not stored)."""
    session_id = _session_id(data)
    if services.in_room(session_id, user.id):
        delivery.emit("typing", {"session_id": session_id, "user": user.display_name}, to=room(session_id),
                      skip_sid=request.sid)


@handler("raise_hand")
def on_raise_hand(user: User, data: dict):
    """Sent by a member raising (or lowering) their hand."""
    session_id = _session_id(data)
    services.raise_hand(user, session_id, data.get("raised", True))
    _hands(session_id)


def _queue(session_id: int) -> list[dict]:
    return [{"username": m.user.username, "display_name": m.user.display_name,
             "raised_at": m.hand_raised_at.isoformat()} for m in services.hands(session_id)]


def _hands(session_id: int) -> None:
    delivery.emit("hands", {"session_id": session_id, "queue": _queue(session_id)}, to=room(session_id))


@handler("give_floor")
def on_give_floor(user: User, data: dict):
    """Sent by the moderator giving the floor to the next raised hand."""
    session_id = _session_id(data)
    target = services.give_floor(user, session_id, data.get("username"))
    delivery.emit("floor", {"session_id": session_id, "username": target.username,
                            "display_name": target.display_name}, to=room(session_id))
    _hands(session_id)


@handler("ask", limit=MESSAGE_LIMIT)
def on_ask(user: User, data: dict):
    """Sent by a member posting a question."""
    session_id = _session_id(data)
    question = services.ask(user, session_id, data.get("body"))
    delivery.emit("question", question_json(question), to=room(session_id))


@handler("vote")
def on_vote(user: User, data: dict):
    """Sent by a member upvoting someone's question."""
    session_id = _session_id(data)
    question = services.vote(user, session_id, data.get("question_id"))
    delivery.emit("question", question_json(question), to=room(session_id))


@handler("answered")
def on_answered(user: User, data: dict):
    """Sent by the moderator marking a question answered."""
    session_id = _session_id(data)
    question = services.mark_answered(user, session_id, data.get("question_id"))
    delivery.emit("question", question_json(question), to=room(session_id))


@handler("mute")
def on_mute(user: User, data: dict):
    """Sent by the moderator muting or unmuting a member."""
    session_id = _session_id(data)
    standing = services.mute(user, session_id, data.get("username"), data.get("muted", True))
    delivery.emit("muted", {"session_id": session_id, "username": standing.user.username,
                            "muted": standing.muted}, to=room(session_id))


@handler("remove")
def on_remove(user: User, data: dict):
    """Sent by the moderator removing a member from the session."""
    session_id = _session_id(data)
    standing, sids = services.remove(user, session_id, data.get("username"))
    delivery.emit("removed", {"session_id": session_id, "username": standing.user.username}, to=room(session_id))
    for sid in sids:
        socketio.server.leave_room(sid, room(session_id), namespace="/")
    _presence(session_id)


@handler("slow_mode")
def on_slow_mode(user: User, data: dict):
    """Sent by the moderator setting slow mode (seconds between a member's messages; 0 is off)."""
    session_id = _session_id(data)
    live = services.set_slow_mode(user, session_id, data.get("seconds"))
    delivery.emit("slow_mode", {"session_id": session_id, "seconds": live.slow_mode_seconds}, to=room(session_id))


@handler("pin")
def on_pin(user: User, data: dict):
    """Sent by the moderator pinning a message (``message_id: null`` unpins)."""
    session_id = _session_id(data)
    message = services.pin(user, session_id, data.get("message_id"))
    delivery.emit("pinned", {"session_id": session_id, "message": message_json(message, False) if message else None},
                  to=room(session_id))


@handler("delete")
def on_delete(user: User, data: dict):
    """Sent by the moderator deleting a message for everyone."""
    session_id = _session_id(data)
    message = services.delete_message(user, session_id, data.get("message_id"))
    delivery.emit("deleted", {"session_id": session_id, "id": message.id}, to=room(session_id))


@handler("end")
def on_end(user: User, data: dict):
    """Sent by the moderator ending the session: the transcript becomes a forum thread."""
    announce_end(services.close_session(user, _session_id(data)))


def announce_end(live) -> None:
    """Tell the room the session ended (and where its transcript is), then close the room."""
    delivery.emit("ended", {"session_id": live.id, "transcript_thread_id": live.transcript_thread_id},
                  to=room(live.id))
    socketio.close_room(room(live.id))


def drop_user(user_id: int) -> None:
    """End every live connection of a user, on whichever process holds it (sign-out, suspension)."""
    for sid in services.sockets_of(user_id):
        socketio.server.disconnect(sid, namespace="/")


def _on_logged_out(app, user) -> None:
    if getattr(user, "id", None) is not None:
        drop_user(user.id)


def _on_sessions_ended(sender, user_id: int) -> None:
    drop_user(user_id)


user_logged_out.connect(_on_logged_out)
sessions_ended.connect(_on_sessions_ended)
