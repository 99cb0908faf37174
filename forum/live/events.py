"""Socket.IO handlers of live rooms, one per event (default namespace).

HTTP hooks do not run for socket events, so this module does what they would:
it identifies the user at connect (session cookie or ``auth: {token}``) and
refuses anonymous connections, re-checks the user on every event (a sign-out
everywhere or a suspension ends their sockets), validates every payload,
rate-limits events itself, and turns every refusal into an ``error`` event to
the sender, in the sender's language. A handler never lets an exception end
the connection. The process's own machinery (heartbeat, presence, shutdown)
lives in ``runtime``.
"""

from __future__ import annotations

import functools

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import disconnect, emit, join_room, leave_room

from forum.accounts.models import User
from forum.accounts.services import login_alive, login_hash
from forum.errors import ForumError, Invalid
from forum.extensions import db, socketio
from forum.inputs import MAX_ID, check_text
from forum.live import runtime, services, sockets
from forum.live.delivery import announce_end, delivery, room
from forum.live.payloads import message_json, question_json
from forum.live.runtime import MESSAGE_LIMIT, db_slots, presence
from forum.live.wire import TooLongNumber

DEPTH_MAX = 4  # payloads are flat objects; anything nested deeper is not ours


def _refuse(code: str, message: str, fields: dict | None = None) -> None:
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    emit("error", error)


def _current() -> User | None:
    """The user this socket belongs to, if still allowed (re-checked on every event)."""
    ident = session.get("live_user")
    if not ident:
        return None
    user = db.session.get(User, ident[0])
    if user is None or user.suspended or user.session_version != ident[1]:
        return None
    if len(ident) > 2 and ident[2] and not login_alive(user.id, ident[2]):
        return None  # that browser signed out (its sockets were closed, unless a process missed it)
    return user


def check_payload(value, depth: int = 0, field: str = "") -> None:
    """Refuse text no database stores (NUL, lone surrogates) and nesting no event needs."""
    if depth > DEPTH_MAX:
        raise Invalid(_("This event's data is nested too deeply."), code="bad_payload")
    if isinstance(value, TooLongNumber):
        message = _("A number in this event has too many digits.")
        raise Invalid(message, {field or "payload": message}, code="bad_payload")
    if isinstance(value, str):
        try:
            check_text(value, field or "payload")
        except Invalid as exc:
            raise Invalid(exc.message, exc.fields, code="bad_payload") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            check_payload(key, depth + 1, field)
            check_payload(item, depth + 1, key if isinstance(key, str) and depth == 0 else field)
    elif isinstance(value, list):
        for item in value:
            check_payload(item, depth + 1, field)


def handler(event: str, *, limit=None):
    """Register an event: check the user, the payload shape and the rate; answer refusals with ``error``."""

    def wrap(fn):
        @socketio.on(event)
        @functools.wraps(fn)
        def run(*args):
            if runtime.state["stopping"]:
                return None  # cut() is about to close this connection; the client will redo it elsewhere
            with db_slots:
                return _run(args)

        def _run(args):
            try:
                user = _current()
                if user is None:
                    _refuse("not_signed_in", _("Your session has ended; sign in again."))
                    disconnect()
                    return None
                if len(args) != 1 or not isinstance(args[0], dict):
                    _refuse("bad_payload", _("'%(event)s' needs one object, e.g. {\"session_id\": 1}.", event=event))
                    return None
                data = args[0]
                check_payload(data)
                if current_app.config.get("RATELIMIT_ENABLED", True):
                    for item in (runtime.EVENT_LIMIT, limit) if limit else (runtime.EVENT_LIMIT,):
                        if not runtime.limiter.hit(item, "live", event if item is limit else "any", str(user.id)):
                            _refuse("too_fast", _("Too many events; slow down a little."))
                            return None
                return fn(user, data)
            except ForumError as exc:
                db.session.rollback()
                _refuse(exc.code, exc.message, exc.fields)
            except Exception:  # noqa: BLE001 - a handler must never drop the connection
                db.session.rollback()
                current_app.logger.exception("live event %s failed", event)
                _refuse("server_error", _("Something went wrong on our side; please try again."))
            finally:
                db.session.remove()
            return None

        return run

    return wrap


def _number(data: dict, name: str, *, required: bool = True) -> int | None:
    """A positive id from the payload, or a ``bad_payload`` refusal naming the field."""
    value = data.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise Invalid(_("%(name)s must be a number from 1 to %(max)d.", name=name, max=MAX_ID),
                      {name: _("A number from 1 to %(max)d.", max=MAX_ID)}, code="bad_payload")
    return value


def _after(data: dict, *, required: bool) -> int | None:
    """``after_id``: the last message id a client saw (0 for none)."""
    value = data.get("after_id")
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise Invalid(_("after_id must be a number from 0 to %(max)d.", max=MAX_ID),
                      {"after_id": _("A number from 0 to %(max)d.", max=MAX_ID)}, code="bad_payload")
    return value


def _session_id(data: dict) -> int:
    return _number(data, "session_id")


@socketio.on("connect")
def on_connect(auth=None):
    """Sent by a client opening its connection: session cookie or ``auth: {token}``; anonymous is refused."""
    from forum.accounts.services import user_for_token

    if runtime.state["stopping"]:
        return True  # this process is going away: cut() closes it at once, and the client comes back elsewhere
    with db_slots:
        try:
            user = None
            if isinstance(auth, dict) and isinstance(auth.get("token"), str):
                user = user_for_token(auth["token"])
            elif current_user.is_authenticated:
                user = current_user._get_current_object()
            if user is None or user.suspended:
                raise ConnectionRefusedError("not_signed_in")
            key_hash = None if isinstance(auth, dict) and auth.get("token") else login_hash(user)
            session["live_user"] = (user.id, user.session_version, key_hash)
            runtime.alive()
            sockets.connect(user, request.sid, runtime.SERVER, key_hash)
        finally:
            db.session.remove()
    join_room(f"user:{user.id}")
    emit("status", {"degraded": not delivery.healthy()})
    return True


@socketio.on("disconnect")
def on_disconnect(*_args):
    """Sent when a client goes away: leave every room and update presence."""
    if runtime.state["stopping"]:
        return  # shutdown() has forgotten every socket of this process at once
    with db_slots:
        try:
            for session_id in sockets.disconnect(request.sid):
                presence(session_id)
        except Exception:  # noqa: BLE001 - nothing to answer on a closed connection
            db.session.rollback()
            current_app.logger.exception("live disconnect cleanup failed")
        finally:
            db.session.remove()


@handler("join")
def on_join(user: User, data: dict):
    """Sent by clients when they enter a room; ``after_id`` asks only for what they missed."""
    session_id = _session_id(data)
    live = services.join(user, session_id, request.sid, runtime.SERVER)
    join_room(room(session_id))
    after = _after(data, required=False)
    messages = services.history(user, session_id, after_id=after)
    moderator = services.can_moderate(user, live)
    emit("history", {"session_id": session_id, "messages": [message_json(m, moderator) for m in messages],
                     "catch_up": after is not None, "slow_mode": live.slow_mode_seconds,
                     "pinned": message_json(db.session.get(services.LiveMessage, live.pinned_message_id), moderator)
                     if live.pinned_message_id else None,
                     "questions": [question_json(q) for q in services.questions(session_id)],
                     "muted": services.muted(session_id),
                     "hands": _queue(session_id) if moderator else []})
    presence(session_id)


@handler("sync")
def on_sync(user: User, data: dict):
    """Sent by clients after a reconnect or while delivery is degraded: everything after ``after_id``."""
    session_id = _session_id(data)
    after = _after(data, required=True)
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
    presence(session_id)


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
    question = services.vote(user, session_id, _number(data, "question_id"))
    delivery.emit("question", question_json(question), to=room(session_id))


@handler("answered")
def on_answered(user: User, data: dict):
    """Sent by the moderator marking a question answered."""
    session_id = _session_id(data)
    question = services.mark_answered(user, session_id, _number(data, "question_id"))
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
    presence(session_id)


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
    message = services.pin(user, session_id, _number(data, "message_id", required=False))
    delivery.emit("pinned", {"session_id": session_id, "message": message_json(message, False) if message else None},
                  to=room(session_id))


@handler("delete")
def on_delete(user: User, data: dict):
    """Sent by the moderator deleting a message for everyone."""
    session_id = _session_id(data)
    message = services.delete_message(user, session_id, _number(data, "message_id"))
    delivery.emit("deleted", {"session_id": session_id, "id": message.id}, to=room(session_id))


@handler("end")
def on_end(user: User, data: dict):
    """Sent by the moderator ending the session: the transcript becomes a forum thread."""
    announce_end(services.close_session(user, _session_id(data)))
