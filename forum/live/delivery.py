"""Broadcasting to rooms, and what to do when the Redis message queue is away.

With ``SOCKETIO_MESSAGE_QUEUE`` set, every emit goes through Redis so that all
server processes deliver it; python-socketio only logs when a publish fails.
So delivery checks Redis itself (a ping at most every few seconds): while it
is away, events reach the clients of this process only, every client is told
that live delivery is degraded, and clients fetch what they missed from the
database (the source of truth) until Redis is back.

"Back" means more than Redis answering a ping: after an outage each process's
listener resubscribes on its own schedule (python-socketio retries after 1, 2,
4, 8 ... seconds), and whatever is published before a process listens again
never reaches its clients. So after an outage delivery stays degraded until
the channel has as many subscribers (Redis ``PUBSUB NUMSUB``) as it had
before, or until ``RECOVERY_MAX`` seconds have passed (python-socketio's
longest retry is 60 s; a process that never comes back must not keep
everyone degraded).
"""

from __future__ import annotations

import threading
import time

from flask import current_app

from forum.extensions import socketio

CHECK_EVERY = 2.0
RECOVERY_MAX = 65.0


class Delivery:
    """Emits to rooms through the queue when it is healthy, locally when it is not."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked = 0.0
        self._healthy = True
        self._client = None
        self._listeners = 0  # subscribers on the channel while it was last healthy
        self._back_since: float | None = None  # when Redis answered again after an outage

    def _redis(self, url: str):
        if self._client is None:
            import redis

            self._client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return self._client

    def healthy(self) -> bool:
        """Is the message queue reachable (always true without one)?"""
        url = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
        if not url:
            return True
        now = time.monotonic()
        with self._lock:
            if now - self._checked < CHECK_EVERY:
                return self._healthy
            self._checked = now
        try:
            client = self._redis(url)
            client.ping()
            listening = sum(dict(client.pubsub_numsub(current_app.config["SOCKETIO_CHANNEL"])).values())
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            ok, self._back_since = False, None
        else:
            ok = self._listening_again(listening, now)
        changed = ok != self._healthy
        self._healthy = ok
        if changed:
            current_app.logger.warning("live delivery %s", "restored" if ok else "degraded: Redis unreachable")
            socketio.emit("status", {"degraded": not ok}, ignore_queue=True)
        return ok

    def _listening_again(self, listening: int, now: float) -> bool:
        """Redis answers: healthy unless it just came back and not every process listens again yet."""
        if self._healthy:
            self._listeners = listening
            return True
        if self._back_since is None:
            self._back_since = now
        if listening >= self._listeners or now - self._back_since >= RECOVERY_MAX:
            self._listeners, self._back_since = listening, None
            return True
        return False

    def emit(self, event: str, data, *, to=None, skip_sid=None) -> None:
        """Send ``event`` to a room (or everyone) on every process, or on this one while degraded."""
        socketio.emit(event, data, to=to, skip_sid=skip_sid, ignore_queue=not self.healthy())


delivery = Delivery()


def room(session_id: int) -> str:
    """The Socket.IO room of a live session."""
    return f"live:{session_id}"


def announce_end(live) -> None:
    """Tell the room the session ended (and where its transcript is), then close the room."""
    delivery.emit("ended", {"session_id": live.id, "transcript_thread_id": live.transcript_thread_id},
                  to=room(live.id))
    socketio.close_room(room(live.id))
