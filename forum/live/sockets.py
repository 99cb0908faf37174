"""Which process holds which socket, and who is in which room: the live rooms' bookkeeping.

Every serving process beats (``heartbeat``) every few seconds; the sockets of a
process that falls silent are forgotten, with their presence. Sign-out and
suspension find a member's sockets here, on whichever process holds them.

The database is the only shared clock-keeper, so the rules are written so that
an outage that stops every process (the database itself away) makes nobody
forget anybody: a process forgets another only when it has itself kept beating
while the other stayed silent.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, func, select

from forum.accounts.models import User
from forum.database import insert_or_ignore, write
from forum.extensions import db
from forum.live.models import LivePresence, LiveServer, LiveSession, LiveSocket
from forum.models_base import utcnow

HEARTBEAT = 5  # seconds between a serving process's "still alive"
STALE = 3 * HEARTBEAT  # a process silent this long, while others kept beating, is gone


def connect(user: User, sid: str, server: str, login_hash: str | None = None) -> None:
    """Remember a connected socket, the process holding it and its sign-in (so sign-out can find it anywhere)."""
    with write():
        db.session.add(LiveSocket(sid=sid, user_id=user.id, server=server, login_hash=login_hash))


class Beat:
    """What one heartbeat found: rooms whose presence changed, and whether this process had been forgotten."""

    __slots__ = ("rooms", "forgotten")

    def __init__(self, rooms: list[int], forgotten: bool) -> None:
        self.rooms, self.forgotten = rooms, forgotten


def heartbeat(server: str, *, alone: bool = False) -> Beat:
    """Say ``server`` is alive and forget the sockets of processes that are not.

    ``alone`` (no message queue: this is the only process) forgets every other
    process's sockets at once: they belong to an earlier run. Otherwise another
    process is gone when it has been silent for ``STALE`` seconds *counted from
    this process's own previous beat*: after an outage that silenced everyone
    (the database away), this process's previous beat is as old as the
    others', and nobody is forgotten; the others beat again within seconds.
    """
    now = utcnow()
    with write():
        mine = db.session.get(LiveServer, server)
        forgotten = mine is None
        previous = now if mine is None else mine.seen_at
        db.session.merge(LiveServer(id=server, seen_at=now))
        if alone:
            dead = set(db.session.scalars(select(LiveServer.id).where(LiveServer.id != server)))
            orphans = select(LiveSocket.sid).where(LiveSocket.server != server)
        else:
            # A process that had been forgotten waits a full STALE of its own beats before judging others.
            cutoff = min(previous, now - timedelta(seconds=HEARTBEAT)) - timedelta(seconds=STALE)
            if forgotten:
                cutoff = now - timedelta(seconds=10 * STALE)
            dead = set(db.session.scalars(select(LiveServer.id).where(
                LiveServer.id != server, LiveServer.seen_at < cutoff)))
            orphans = select(LiveSocket.sid).where(LiveSocket.server != server, LiveSocket.server.in_(dead))
        rooms = _forget(list(db.session.scalars(orphans)))
        if dead:
            db.session.execute(delete(LiveServer).where(LiveServer.id.in_(dead)))
    return Beat(rooms, forgotten)


def restore(server: str, held: list[tuple[str, int, list[int]]]) -> list[int]:
    """Register again the sockets this process holds (``sid, user_id, session ids``) after it was forgotten.

    Returns the sessions whose presence changed. Sockets and presence already
    known are left as they are.
    """
    rooms: set[int] = set()
    with write():
        wanted = {session_id for _, _, sessions in held for session_id in sessions}
        still_open = set(db.session.scalars(select(LiveSession.id).where(
            LiveSession.id.in_(wanted), LiveSession.state == "open")))
        known = set(db.session.scalars(select(LiveSocket.sid).where(LiveSocket.sid.in_([h[0] for h in held]))))
        for sid, user_id, _sessions in held:
            if sid not in known:
                db.session.add(LiveSocket(sid=sid, user_id=user_id, server=server))
        db.session.flush()
        for sid, user_id, sessions in held:
            for session_id in sorted(set(sessions) & still_open):
                # RETURNING says whether the row was new (rowcount is not reliable here on every driver).
                inserted = db.session.execute(insert_or_ignore(LivePresence).values(
                    sid=sid, session_id=session_id, user_id=user_id, joined_at=utcnow())
                    .returning(LivePresence.sid)).first()
                if inserted is not None:
                    rooms.add(session_id)
    return sorted(rooms)


def stop_serving(server: str) -> list[int]:
    """Forget a process that is shutting down, with all its sockets; returns the sessions whose presence changed."""
    with write():
        rooms = _forget(list(db.session.scalars(select(LiveSocket.sid).where(LiveSocket.server == server))))
        db.session.execute(delete(LiveServer).where(LiveServer.id == server))
    return rooms


def _forget(sids: list[str]) -> list[int]:
    """Delete sockets and their presence (inside the caller's write); returns the sessions they were in."""
    if not sids:
        return []
    rooms = sorted(set(db.session.scalars(select(LivePresence.session_id).where(LivePresence.sid.in_(sids)))))
    db.session.execute(delete(LivePresence).where(LivePresence.sid.in_(sids)))
    db.session.execute(delete(LiveSocket).where(LiveSocket.sid.in_(sids)))
    return rooms


def disconnect(sid: str) -> list[int]:
    """Forget a socket; returns the sessions whose presence changed."""
    with write():
        return _forget([sid])


def sockets_of(user_id: int, login_hash: str | None = None) -> list[str]:
    """Every socket of a member, on any process; or only those opened with one browser sign-in."""
    query = select(LiveSocket.sid).where(LiveSocket.user_id == user_id)
    if login_hash is not None:
        query = query.where(LiveSocket.login_hash == login_hash)
    return list(db.session.scalars(query))


def suspended_here(server: str) -> list[str]:
    """Sockets on ``server`` whose member is suspended (a suspension made by another process, or the CLI)."""
    return list(db.session.scalars(select(LiveSocket.sid).join(User, User.id == LiveSocket.user_id)
                                   .where(LiveSocket.server == server, User.suspended.is_(True))))


def present(session_id: int) -> tuple[int, list[User]]:
    """Everyone in the room, once each, by name; with the time of that reading, in nanoseconds.

    Processes on several hosts send these lists, so the time comes from the database
    server when it has one (PostgreSQL: the start of the very statement that reads the
    list, which is when its snapshot was taken); SQLite lives on one host, whose clock
    serves. Clients keep the list read last. Sockets of a process silent for
    ``STALE`` seconds are left out even before someone forgets them.
    """
    alive = select(LiveServer.id).where(LiveServer.seen_at >= utcnow() - timedelta(seconds=STALE))
    ids = (select(LivePresence.user_id).join(LiveSocket, LiveSocket.sid == LivePresence.sid)
           .where(LivePresence.session_id == session_id, LiveSocket.server.in_(alive)).distinct())
    users = select(User).where(User.id.in_(ids)).order_by(User.display_name)
    if db.session.get_bind().dialect.name != "postgresql":
        as_of = time.time_ns()
        return as_of, list(db.session.scalars(users))
    rows = db.session.execute(users.add_columns(func.extract("epoch", func.statement_timestamp()))).all()
    if not rows:
        return int(db.session.scalar(select(func.extract("epoch", func.statement_timestamp()))) * 10**9), []
    return int(rows[0][1] * 10**9), [row[0] for row in rows]
