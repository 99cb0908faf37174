"""Live-room benchmark: many WebSocket clients in one session, on one or two server processes.

For every combination of ``--processes`` (1, or 2 sharing a Redis message
queue) and ``--clients`` it starts from an empty database: by default a new
SQLite file in the run's temporary directory; with ``--database-url`` a
PostgreSQL database, emptied before each run (its ``public`` schema is dropped,
so never point it at a database you need). It migrates it, inserts accounts
and bearer tokens directly (one argon2 hash for all) and one open session,
starts gunicorn with the production settings (``gunicorn.conf.py``: one gevent
worker per process, ``JEJARING_ENV=production``, ``RATELIMIT_ENABLED=0`` so the
load is not refused) and measures, with python-socketio clients on the
WebSocket transport spread round-robin over the processes:

* connect + join: from the first connect until every client has its ``history``,
  then until every client's newest ``presence`` (by ``as_of``) lists everyone:
  the room's picture has settled. The run notes how many presence lists the
  clients received and their volume (whole lists of the room, so a list sent on
  every join would grow with the cube of the room's size);
* steady load: ``--senders`` clients send ``--rate`` messages per second in
  total for ``--duration`` seconds, each body carrying its send time; every
  other client notes when it arrives. Reported: deliveries per second, p50 and
  p99 latency of a delivery, and deliveries lost (every message should reach
  every client but its sender; the server broadcasts to the whole room);
* restart: every server is stopped with SIGTERM and started again on the same
  port and database. The clients reconnect by themselves and re-join with
  ``after_id`` = the last id they saw; one sender then sends a message. The
  time is from SIGTERM until every client is back and has received it (gunicorn
  lets the old process serve its open connections for ``graceful_timeout``
  first, so it is also split into "stop" and "down"); then each client's ids
  are compared with the database (gaps) and the presence rows with the clients
  connected (stale rows left by the old processes).

Each run also notes the CPU seconds the servers and the client process used in
each phase, to tell which side was the bottleneck.

The clients are python-socketio's synchronous ``Client`` under gevent (this
script re-runs itself through ``python -m gevent.monkey``), so one process holds
hundreds of them without threads and with no package beyond the project's
(the asyncio client would need aiohttp). Latencies include the time the client
process takes to read a broadcast's burst of frames: it shares the 2 cores
with the servers.

The goals, stated for 500 clients at 2 messages/s: nothing lost, p99 under
300 ms, everyone joined within 10 s, recovery from a restart within 30 s. The
exit status is 0 when every goal that was measured is met, 1 otherwise.

    .venv/bin/python bench/bench_live.py --help
    .venv/bin/python bench/bench_live.py --clients 50,200,500 --processes 1,2
    .venv/bin/python bench/bench_live.py --clients 50 --processes 1 --duration 5 --keep
    .venv/bin/python bench/bench_live.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench

With ``--keep`` the temporary directories (SQLite databases, gunicorn logs)
stay; a PostgreSQL database holds the last run's data. Every seeded user's
password is ``BENCH_PASSWORD``.
Redis must be running for two processes (``--redis``); its pub/sub channel
(``flask-socketio``) is shared by every database number, so do not run two
benchmarks against one Redis at once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import random
import secrets
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if str(Path(__file__).resolve().parent) not in sys.path:
    # Re-run under ``python -m gevent.monkey`` (see the end), this file's directory is not on sys.path.
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    BENCH_PASSWORD,
    ROOT,
    Server,
    clean_up_when_stopped,
    database_url,
    migrated_app,
    percentile,
    start_servers,
    stop_servers,
    temporary_directory,
)

STARTUP_TIMEOUT = 60.0
JOIN_TIMEOUT = 120.0
SETTLE_TIMEOUT = 60.0
TAIL_TIMEOUT = 15.0  # after the last send, how long deliveries may still arrive
RECOVERY_TIMEOUT = 120.0
STOP_TIMEOUT = 60.0
MARKER = -1  # the sequence number of the message sent after the restart
GOAL_CLIENTS, GOAL_RATE = 500, 2.0
GOAL_P99_MS, GOAL_JOIN_S, GOAL_RECOVERY_S = 300.0, 10.0, 30.0


# -- command line ------------------------------------------------------------------------

def int_list(raw: str) -> list[int]:
    values = [int(part) for part in raw.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("a comma-separated list of positive whole numbers")
    return values


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--clients", type=int_list, default=[50, 200, 500],
                        help="clients in the room, one run each (default 50,200,500)")
    parser.add_argument("--senders", type=int, default=5, help="clients that send messages (default 5)")
    parser.add_argument("--rate", type=float, default=2.0, help="messages per second, all senders together (default 2)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of steady load (default 30: 60 messages, so that one slow message does not decide the p99 alone)")
    parser.add_argument("--processes", type=int_list, default=[1, 2],
                        help="server processes, one run each (default 1,2); 2+ share a Redis message queue")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12",
                        help="message queue for several processes (default redis://127.0.0.1:6379/12)")
    parser.add_argument("--database-url", help="default: a new SQLite file in each run's temporary directory; "
                        "a postgresql+psycopg:// database is emptied before each run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args(argv)
    if args.database_url:
        args.database_url = database_url(args.database_url)
        if not args.database_url.startswith("postgresql"):
            parser.error("--database-url must be a PostgreSQL URL (postgresql+psycopg://...); "
                         "without it every run gets a new SQLite file")
    if args.senders < 1 or args.rate <= 0 or args.duration <= 0:
        parser.error("--senders, --rate and --duration must be positive")
    if min(args.clients) <= args.senders:
        parser.error("every --clients value must be larger than --senders (someone has to listen)")
    return args


# -- the database --------------------------------------------------------------------------

@dataclass
class Seeded:
    url: str
    session_id: int
    accounts: list[tuple[str, str]]  # (username, bearer token), one per client


def seed(url: str, clients: int) -> Seeded:
    """Empty and migrate the database, add the reference data, ``clients`` members with tokens, one open session."""
    from sqlalchemy import insert, select

    from forum import demo
    from forum.accounts.models import ApiToken, Region, User
    from forum.accounts.services import hash_password
    from forum.extensions import db
    from forum.live import services

    app = migrated_app(url, {"SOCKETIO_MESSAGE_QUEUE": ""})
    with app.app_context():
        demo.load_reference()
        password_hash = hash_password(BENCH_PASSWORD)  # one hash for everyone: argon2 is slow on purpose
        now = datetime.now(UTC)
        with db.engine.begin() as conn:
            region = conn.scalar(select(Region.id).order_by(Region.id))
            rows = [user_row(f"moderator{i}" if i == 0 else f"peserta{i}", region, password_hash,
                             "moderator" if i == 0 else "member", now) for i in range(clients + 1)]
            ids = list(conn.execute(insert(User.__table__).returning(User.id, sort_by_parameter_order=True),
                                    rows).scalars())
            tokens = [secrets.token_urlsafe(32) for _ in ids]
            conn.execute(insert(ApiToken.__table__), [
                {"user_id": uid, "token_hash": hashlib.sha256(tok.encode()).hexdigest(), "session_version": 1,
                 "created_at": now, "expires_at": now + timedelta(days=1)} for uid, tok in zip(ids, tokens, strict=True)])
        host = db.session.get(User, ids[0])
        live = services.schedule(host, {"title": "Bedah buku bersama", "category": "pengelolaan-koleksi",
                                        "starts_at": now.isoformat(), "duration_minutes": 120})
        services.open_session(host, live.id)
        session_id = live.id
        db.session.remove()
        db.engine.dispose()  # on SQLite the last close checkpoints the WAL: the servers start clean
    accounts = [(row["username"], token) for row, token in zip(rows, tokens, strict=True)][1:]
    return Seeded(url, session_id, accounts)


def user_row(username: str, region: int, password_hash: str, role: str, now: datetime) -> dict[str, Any]:
    return {"username": username, "username_key": username.lower(), "email": f"{username}@contoh.id",
            "display_name": username.title(), "password_hash": password_hash, "role": role, "region_id": region,
            "institution": "", "bio": "", "locale": None, "timezone": "Asia/Jakarta", "suspended": False,
            "session_version": 1, "post_count": 0, "created_at": now}


def database_state(url: str, session_id: int) -> tuple[list[int], int]:
    """The session's message ids, and how many presence rows (sockets in the room) the database holds."""
    from sqlalchemy import create_engine, func, select

    from forum.live.models import LiveMessage, LivePresence

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            ids = list(conn.scalars(select(LiveMessage.id).where(LiveMessage.session_id == session_id)
                                    .order_by(LiveMessage.id)))
            present = conn.scalar(select(func.count()).select_from(LivePresence)
                                  .where(LivePresence.session_id == session_id))
    finally:
        engine.dispose()
    return ids, present or 0


# -- servers -------------------------------------------------------------------------------

def live_server(url: str, workdir: Path, secret: str, queue: str | None) -> Server:
    """One server process: one gevent worker (``gunicorn.conf.py``'s default role), ``queue`` shared with the others."""
    env = {"RATELIMIT_STORAGE_URI": "memory://", "WEB_CONCURRENCY": "1", "PYTHONUNBUFFERED": "1"}
    if queue:
        env["SOCKETIO_MESSAGE_QUEUE"] = queue
    return Server(url, workdir, secret=secret, env=env,
                  unset=("SOCKETIO_MESSAGE_QUEUE", "GUNICORN_BIND", "GUNICORN_WORKER_CLASS", "HOST", "PORT"),
                  startup_timeout=STARTUP_TIMEOUT, stop_timeout=STOP_TIMEOUT)


# -- clients -------------------------------------------------------------------------------

@dataclass
class Tally:
    """What every client saw, in one place (all clients live in this one gevent process)."""

    recording: bool = False
    sent: dict[tuple[str, int], float] = field(default_factory=dict)  # (sender, seq) -> sent at
    receipts: Counter[tuple[str, int]] = field(default_factory=Counter)  # by clients other than the sender
    latencies: list[float] = field(default_factory=list)  # seconds
    last_receipt: float = 0.0
    marker_id: int | None = None  # the id of the message sent after the restart
    presence_events: int = 0
    presence_bytes: int = 0  # JSON size of the presence events all clients received
    errors: Counter[str] = field(default_factory=Counter)


RECONNECT_DELAY, RECONNECT_DELAY_MAX, CONNECT_TIMEOUT = 1.0, 5.0, 20.0  # socket.io-client's defaults


class BenchClient:
    """One member in the room: joins on every (re)connect, asking for what it missed after the last id it saw."""

    def __init__(self, username: str, token: str, base: str, session_id: int, tally: Tally) -> None:
        import socketio

        self.username, self.token, self.base = username, token, base
        self.session_id, self.tally = session_id, tally
        self.ids: set[int] = set()
        self.last_id = 0
        self.joins = 0  # histories received
        self.joined_at = 0.0  # when the last one arrived (time.monotonic)
        self.drops = 0  # connections lost
        self.unsent = 0  # messages it could not send (not connected at the time)
        self.last_reason = ""  # why the connection last dropped
        # Reconnects as the browser client (socket.io-client) does: after 1 s doubling to 5 s (+-0.5 s), each try
        # waiting up to 20 s for the server's answer. python-socketio's own reconnection gives each try only 1 s,
        # so when hundreds come back at once it drops tries the server is still answering and tries again:
        # load that no browser makes. websocket-client checks UTF-8 in pure Python unless told not to, which
        # costs more than everything else here; decoding still checks it.
        self.sio = socketio.Client(reconnection=False, websocket_extra_options={"skip_utf8_validation": True})
        self.closing = False
        self.reconnecting = False
        self.sio.on("connect", self._on_connect)
        self.sio.on("history", self._on_history)
        self.sio.on("message", self._on_message)
        self.sio.on("error", self._on_error)
        self.sio.on("presence", self._on_presence)
        self.sio.on("disconnect", self._on_disconnect)
        self.present = 0  # people in the room, as the newest presence list said
        self.presence_as_of = 0

    def connect(self) -> None:
        self.sio.connect(self.base, auth={"token": self.token}, transports=["websocket"], wait_timeout=60, retry=True)

    def close(self) -> None:
        self.closing = True
        self.sio.disconnect()

    def _reconnect(self) -> None:
        delay = RECONNECT_DELAY
        while not self.closing:
            time.sleep(min(delay, RECONNECT_DELAY_MAX) + random.uniform(-0.5, 0.5))
            delay *= 2
            try:
                self.sio.connect(self.base, auth={"token": self.token}, transports=["websocket"],
                                 wait_timeout=CONNECT_TIMEOUT)
            except Exception as exc:  # noqa: BLE001 - refused, timed out, not up yet: try again later
                self.last_reason = f"reconnect: {exc}"
            else:
                break
        self.reconnecting = False

    def _on_connect(self) -> None:
        payload: dict[str, Any] = {"session_id": self.session_id}
        if self.last_id:
            payload["after_id"] = self.last_id
        self.sio.emit("join", payload)

    def _on_disconnect(self, *reason: Any) -> None:
        self.drops += 1
        self.last_reason = str(reason[0]) if reason else "?"
        if not self.closing and not self.reconnecting:
            self.reconnecting = True
            spawn(self._reconnect)

    def _on_history(self, data: dict) -> None:
        for message in data.get("messages", []):
            self._seen(message["id"])
        self.joins += 1
        self.joined_at = time.monotonic()

    def _on_message(self, data: dict) -> None:
        now = time.time()
        self._seen(data["id"])
        parts = data.get("body", "").split()
        if len(parts) == 4 and parts[2] == str(MARKER):
            self.tally.marker_id = data["id"]
        if not self.tally.recording or len(parts) != 4 or parts[0] != "bench" or parts[1] == self.username:
            return
        key = (parts[1], int(parts[2]))
        self.tally.receipts[key] += 1
        self.tally.latencies.append(now - float(parts[3]))
        self.tally.last_receipt = now

    def _on_presence(self, data: dict) -> None:
        users = data.get("users", [])
        as_of = data.get("as_of", 0)
        if as_of >= self.presence_as_of:  # snapshots from two processes can cross: keep the newest, as the page does
            self.presence_as_of, self.present = as_of, len(users)
        self.tally.presence_events += 1
        self.tally.presence_bytes += len(json.dumps(users[:1], ensure_ascii=False)) * len(users)  # about

    def _on_error(self, data: dict) -> None:
        self.tally.errors[str(data.get("code"))] += 1

    def _seen(self, message_id: int) -> None:
        self.ids.add(message_id)
        self.last_id = max(self.last_id, message_id)

    def send(self, seq: int) -> bool:
        if not self.sio.connected:
            self.unsent += 1
            return False
        self.tally.sent[(self.username, seq)] = time.time()
        self.sio.emit("message", {"session_id": self.session_id,
                                  "body": f"bench {self.username} {seq} {time.time():.6f}"})
        return True


def spawn(fn: Callable[[], None]) -> threading.Thread:
    """A background task (a greenlet: threading is patched by gevent)."""
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    return thread


def wait_until(done: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(servers: list[Server]) -> list[int]:
    """The gunicorn masters and their workers."""
    pids = []
    for server in servers:
        if server.proc is None:
            continue
        pids.append(server.proc.pid)
        try:
            pids += [int(p) for p in Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children").read_text().split()]
        except OSError:
            pass
    return pids


class CpuMeter:
    """CPU seconds used by the servers and by this (client) process between ``start`` and ``stop``."""

    def __init__(self, servers: list[Server]) -> None:
        self._servers = servers
        self._pids: list[int] = []
        self._start = (0.0, 0.0)

    def _now(self) -> tuple[float, float]:
        own = os.times()
        return sum(process_cpu(pid) for pid in self._pids), own.user + own.system

    def start(self) -> None:
        self._pids = server_pids(self._servers)
        self._start = self._now()

    def stop(self) -> str:
        server, client = (now - then for now, then in zip(self._now(), self._start, strict=True))
        return f"server {server:.1f} s, clients {client:.1f} s"


# -- one run -------------------------------------------------------------------------------

@dataclass
class Row:
    processes: int
    clients: int
    join_s: float = math.nan
    joined: int = 0
    settled_s: float = math.nan
    sent: int = 0
    unsent: int = 0
    deliveries_per_s: float = math.nan
    p50_ms: float = math.nan
    p99_ms: float = math.nan
    lost: int = 0
    stop_s: float = math.nan
    recovery_s: float = math.nan  # SIGTERM -> everyone back and caught up
    outage_s: float = math.nan  # the old processes gone (connections dropped) -> everyone back and caught up
    gaps: int = 0
    stale_presence: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, str] = field(default_factory=dict)  # phase -> CPU seconds used by servers and clients
    notes: list[str] = field(default_factory=list)


def join_all(clients: list[BenchClient], row: Row) -> float:
    """Everyone connects at once, as at the start of a session; ``join_s``: until every client had its history."""
    started = time.monotonic()
    for client in clients:
        spawn(client.connect)
    complete = wait_until(lambda: all(c.joins for c in clients), JOIN_TIMEOUT)
    row.join_s = time.monotonic() - started
    row.joined = sum(1 for c in clients if c.joins)
    if not complete:
        row.notes.append(f"only {row.joined} of {len(clients)} joined within {JOIN_TIMEOUT:.0f} s")
    return started


def settle(clients: list[BenchClient], started: float, row: Row) -> None:
    """``settled_s``: until every client's presence list shows everyone (the join wave's events have arrived)."""
    if wait_until(lambda: all(c.present == len(clients) for c in clients), SETTLE_TIMEOUT):
        row.settled_s = time.monotonic() - started
    else:
        short = [c.present for c in clients if c.present != len(clients)]
        row.notes.append(f"presence did not settle within {SETTLE_TIMEOUT:.0f} s after the joins: the newest presence "
                         f"list of {len(short)} clients missed people (down to {min(short)} of {len(clients)})")


def steady_load(senders: list[BenchClient], listeners: int, rate: float, duration: float, tally: Tally,
                row: Row) -> None:
    """``rate`` messages per second in total for ``duration`` s, the senders taking turns at even intervals."""
    tally.recording = True
    interval = 1.0 / rate
    count = max(1, round(duration * rate))
    started = time.time()
    for seq in range(count):
        time.sleep(max(0.0, started + seq * interval - time.time()))
        senders[seq % len(senders)].send(seq)
    expected = listeners - 1
    wait_until(lambda: all(tally.receipts[k] >= expected for k in tally.sent), TAIL_TIMEOUT)
    tally.recording = False
    received = sum(min(n, expected) for n in tally.receipts.values())
    row.sent = len(tally.sent)
    row.lost = row.sent * expected - received
    row.unsent = sum(s.unsent for s in senders)
    if row.unsent:
        row.notes.append(f"{row.unsent} messages not sent: the sender was not connected at the time")
    span = (tally.last_receipt or time.time()) - started
    row.deliveries_per_s = sum(tally.receipts.values()) / span if span > 0 else math.nan
    ordered = sorted(tally.latencies)
    row.p50_ms, row.p99_ms = percentile(ordered, 0.50) * 1000, percentile(ordered, 0.99) * 1000


def restart(servers: list[Server], clients: list[BenchClient], seeded: Seeded, tally: Tally, row: Row) -> None:
    """SIGTERM every server, start them again; time until every client is back and has the next message."""
    drops = sum(c.drops for c in clients)
    if drops:
        row.notes.append(f"{drops} connections dropped before the restart")
    before = {id(c): c.joins for c in clients}
    started = time.monotonic()
    stop_servers(servers)
    gone = time.monotonic()
    row.stop_s = gone - started
    start_servers(servers)
    healthy_at = time.monotonic()
    meter = CpuMeter(servers)
    meter.start()
    back = wait_until(lambda: all(c.joins > before[id(c)] for c in clients), RECOVERY_TIMEOUT)
    rejoined = sorted(c.joined_at for c in clients if c.joins > before[id(c)])
    if not back:
        missing = [c for c in clients if c.joins == before[id(c)]]
        reasons = Counter(c.last_reason for c in missing)
        row.notes.append(f"{len(missing)} clients never re-joined ({sum(c.sio.connected for c in missing)} of them "
                         f"connected; why they dropped: {dict(reasons)})")
    clients[0].send(MARKER)
    caught_up = wait_until(lambda: tally.marker_id is not None and all(tally.marker_id in c.ids for c in clients),
                           RECOVERY_TIMEOUT)
    row.cpu["reconnect + catch-up"] = meter.stop()
    if caught_up:
        row.recovery_s = time.monotonic() - started
        row.outage_s = row.recovery_s - row.stop_s
    else:
        row.notes.append("not every client received the message sent after the restart")
    if rejoined:
        row.notes.append(f"after the old processes exited: new ones healthy +{healthy_at - gone:.1f} s, first client "
                         f"back +{rejoined[0] - gone:.1f} s, last +{rejoined[-1] - gone:.1f} s")
    ids, present = database_state(seeded.url, seeded.session_id)
    row.gaps = sum(len(set(ids) - c.ids) for c in clients)
    row.stale_presence = max(0, present - sum(1 for c in clients if c.sio.connected))


def progress(text: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {text}", flush=True)


def run_one(processes: int, n_clients: int, args: argparse.Namespace) -> Row:
    row = Row(processes, n_clients)
    with temporary_directory(f"jejaring-live-{processes}p-{n_clients}c-", keep=args.keep) as workdir:
        run_in(workdir, processes, n_clients, args, row)
    if args.keep:
        row.notes.append(f"kept {workdir}")
    return row


def run_in(workdir: Path, processes: int, n_clients: int, args: argparse.Namespace, row: Row) -> None:
    """One run, its database (unless ``--database-url``) and gunicorn logs in ``workdir``."""
    seeded = seed(args.database_url or f"sqlite:///{workdir / 'bench.db'}", n_clients)
    secret = secrets.token_urlsafe(32)
    queue = args.redis if processes > 1 else None
    servers = [live_server(seeded.url, workdir, secret, queue) for _ in range(processes)]
    start_servers(servers)
    tally = Tally()
    clients: list[BenchClient] = []
    try:
        clients += [BenchClient(name, token, servers[i % processes].base, seeded.session_id, tally)
                    for i, (name, token) in enumerate(seeded.accounts)]
        meter = CpuMeter(servers)
        meter.start()
        started = join_all(clients, row)
        row.cpu["connect + join"] = meter.stop()
        meter.start()
        settle(clients, started, row)
        row.cpu["presence settling"] = meter.stop()
        row.notes.append(f"join wave: {tally.presence_events} presence events to clients, "
                         f"about {tally.presence_bytes / 1e6:.0f} MB of user lists")
        progress(f"joined in {row.join_s:.2f} s, presence settled in {row.settled_s:.2f} s")
        meter.start()
        steady_load(clients[:args.senders], row.joined, args.rate, args.duration, tally, row)
        row.cpu["load"] = meter.stop()
        progress(f"load done: {row.sent} sent, {row.lost} deliveries lost")
        restart(servers, clients, seeded, tally, row)
        row.errors = dict(tally.errors)
    finally:
        for client in clients:
            client.close()
        stop_servers(servers)


# -- report --------------------------------------------------------------------------------

HEADER = (f"{'procs':>5} {'clients':>7} {'join s':>7} {'settle s':>8} {'sent':>5} {'deliv/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'lost':>5} {'stop s':>7} {'down s':>7} {'restart s':>9} {'gaps':>5} {'stale':>5}")


LEGEND = """
join s: connect + join until every client had its history; settle s: until every client's newest presence list
showed everyone (the load starts then); sent: messages sent during the load; deliv/s: deliveries per second;
p50/p99: send -> receipt of each delivery; lost: deliveries that never arrived (every client but the sender
should get every message); stop s: SIGTERM until the old processes exited (meanwhile they keep serving their open
connections); down s: from then until every client was back and had the message sent after the restart;
restart s: stop s + down s; gaps: ids in the database some client never got; stale: presence rows of the old
processes still in the database at that point (with a message queue a process forgets another's, and presence
stops listing them, once that process has been silent for 15 s)"""


def format_row(row: Row) -> str:
    return (f"{row.processes:>5} {row.clients:>7} {row.join_s:>7.2f} {row.settled_s:>8.2f} {row.sent:>5} {row.deliveries_per_s:>8.1f} "
            f"{row.p50_ms:>7.1f} {row.p99_ms:>7.1f} {row.lost:>5} {row.stop_s:>7.2f} {row.outage_s:>7.2f} {row.recovery_s:>9.2f} "
            f"{row.gaps:>5} {row.stale_presence:>5}")


def print_machine(url: str | None) -> None:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (math.nan,) * 3
    print(f"machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}, "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("servers: gunicorn -c gunicorn.conf.py (1 gevent worker per process), JEJARING_ENV=production, "
          f"{'PostgreSQL (emptied before each run)' if url else 'SQLite (WAL)'}, RATELIMIT_ENABLED=0")
    print("clients: python-socketio Client over WebSocket, all in this process under gevent")


def print_goals(rows: list[Row], rate: float) -> bool:
    target = [r for r in rows if r.clients == GOAL_CLIENTS]
    if not target:
        print(f"\ngoals: not measured (they are stated for {GOAL_CLIENTS} clients)")
        return True
    at = "" if math.isclose(rate, GOAL_RATE) else f" (measured at {rate:g} msg/s)"
    ok_all = True
    print(f"\ngoals at {GOAL_CLIENTS} clients @ {GOAL_RATE:g} msg/s{at}:")
    for row in target:
        goals = [
            ("nothing lost", f"{row.lost} lost, {row.unsent} unsent, {row.gaps} gaps",
             row.sent > 0 and row.lost == 0 and row.unsent == 0 and row.gaps == 0),
            (f"p99 < {GOAL_P99_MS:.0f} ms", f"{row.p99_ms:.1f} ms", row.p99_ms < GOAL_P99_MS),
            (f"all joined < {GOAL_JOIN_S:.0f} s", f"{row.join_s:.2f} s ({row.joined} joined)",
             row.joined == row.clients and row.join_s < GOAL_JOIN_S),
            (f"restart recovery < {GOAL_RECOVERY_S:.0f} s", f"{row.recovery_s:.2f} s (down {row.outage_s:.2f} s)",
             row.recovery_s < GOAL_RECOVERY_S),
        ]
        for name, value, ok in goals:
            ok_all &= ok
            print(f"  {row.processes} process{'es' if row.processes > 1 else '':<2} {name:<28}{value:>26}  "
                  f"{'PASS' if ok else 'FAIL'}")
    return ok_all


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows = []
    print_machine(args.database_url)
    print(f"load: {args.senders} senders, {args.rate:g} messages/s in total, {args.duration:g} s\n", flush=True)
    for processes in args.processes:
        for n_clients in args.clients:
            print(f"running {processes} process(es), {n_clients} clients ...", flush=True)
            row = run_one(processes, n_clients, args)
            rows.append(row)
            print(HEADER + "\n" + format_row(row), flush=True)
            cpu = [f"CPU during {phase}: {used}" for phase, used in row.cpu.items()]
            for note in cpu + row.notes + ([f"error events: {row.errors}"] if row.errors else []):
                print(f"  note: {note}")
    print("\n" + HEADER)
    for row in rows:
        print(format_row(row))
    print(LEGEND)
    return 0 if print_goals(rows, args.rate) else 1


def under_gevent() -> bool:
    from gevent import monkey

    return monkey.is_module_patched("socket")


if __name__ == "__main__":
    if not under_gevent():
        # The clients need gevent's cooperative sockets and threads from the very start.
        os.execv(sys.executable, [sys.executable, "-m", "gevent.monkey", __file__, *sys.argv[1:]])  # noqa: S606
    clean_up_when_stopped()  # stopped with SIGTERM or SIGHUP: the servers and temporary directories go too
    with temporary_directory("jejaring-live-instance-") as instance:
        os.environ["JEJARING_INSTANCE"] = str(instance)  # read when forum.config is first imported
        sys.path.insert(0, str(ROOT))
        status = main()
    sys.exit(status)
