"""The README's production layout on this machine, for ``bench_faults.py --only redis-stop`` and ``bench_soak.py``.

* ``PrivateRedis``: ``redis-server --port <free> --save "" --appendonly no`` of
  our own (never the machine's), stoppable and startable on the same port;
* ``Layout``: a private PostgreSQL (``tests/fixtures/pgserver.py``), a private
  Redis as Socket.IO message queue and rate-limit storage, one ``web``
  gunicorn (sync workers) and two ``live`` gunicorns (one gevent worker each),
  built with ``common.Server``; the database is seeded by ``bench_live.seed``
  (members with bearer tokens, one open live session) plus one thread;
* ``LiveMember``: a python-socketio client doing what ``static/js/live.js``
  does: join with ``after_id`` on every connect, on ``status {degraded: true}``
  send ``sync`` every 3 s, once more when it is restored. The id a ``sync`` asks
  after is the last one known to leave no gap (``synced_id``): messages that
  arrive as live events while delivery is degraded come from this process
  only and must not move it past messages of the other process that were never
  delivered; on going degraded it steps back to where it stood ``LOOKBACK`` s
  earlier, for messages lost before the client was told.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from common import RUNNING, Server, free_port, start_servers, stop_servers

SYNC_EVERY = 3.0  # live.js: while degraded, sync every 3 s
LOOKBACK = 5.0  # live.js: on going degraded, sync from where the client stood this long before


class PrivateRedis:
    """A throw-away ``redis-server`` on its own port, no persistence; ``stop()`` and ``start()`` keep the port."""

    def __init__(self, workdir: Path) -> None:
        self.binary = shutil.which("redis-server")
        if not self.binary:
            raise SystemExit("redis-server is not installed")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with (self.workdir / f"redis-{self.port}.log").open("ab") as out:
            self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                          "--appendonly", "no", "--dir", str(self.workdir)],
                                         stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        RUNNING.add(self)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        """SIGKILL: gone at once, as a crash would (nothing is persisted anyway)."""
        self.kill()
        if self.proc is not None:
            self.proc.wait()
        self.proc = None
        RUNNING.discard(self)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()


class Layout:
    """``with Layout(workdir, members=N) as lay``: PostgreSQL, Redis, web + 2 live processes, seeded, running."""

    def __init__(self, workdir: Path, members: int, *, rate_limits: bool, web_workers: int = 2) -> None:
        from tests.fixtures.pgserver import PostgresUnavailable, PrivatePostgres

        try:
            self.pg = PrivatePostgres()
        except PostgresUnavailable as exc:
            raise SystemExit(f"no private PostgreSQL: {exc}") from exc
        self.workdir, self.members, self.rate_limits, self.web_workers = workdir, members, rate_limits, web_workers
        self.redis = PrivateRedis(workdir)
        self.servers: list[Server] = []

    def __enter__(self) -> Layout:
        try:
            self.pg.start()
            self.redis.start()
            self._seed()
            common_env = {"SOCKETIO_MESSAGE_QUEUE": self.redis.url, "RATELIMIT_STORAGE_URI": self.redis.url,
                          "RATELIMIT_ENABLED": "1" if self.rate_limits else "0", "PYTHONUNBUFFERED": "1",
                          "FORWARDED_ALLOW_IPS": "127.0.0.1", "JEJARING_DEMO": "0"}
            unset = ("GUNICORN_BIND", "GUNICORN_WORKER_CLASS", "HOST", "PORT", "SOCKETIO_CHANNEL",
                     "SOCKETIO_ASYNC_MODE", "WEB_CONCURRENCY", "JEJARING_ROLE")
            secret = "bench-layout"
            self.web = Server(self.pg.url, self.workdir, secret=secret, unset=unset, log=self.workdir / "web.log",
                              env={**common_env, "JEJARING_ROLE": "web", "WEB_CONCURRENCY": str(self.web_workers)})
            self.live = [Server(self.pg.url, self.workdir, secret=secret, unset=unset,
                                log=self.workdir / f"live-{k + 1}.log", env={**common_env, "JEJARING_ROLE": "live"})
                         for k in range(2)]
            self.servers = [self.web, *self.live]
            start_servers(self.servers)
        except BaseException:
            self.close()
            raise
        return self

    def _seed(self) -> None:
        from bench_live import seed

        from forum import create_app
        from forum.accounts import services as accounts
        from forum.board import services as board
        from forum.extensions import db

        seeded = seed(self.pg.url, self.members + 1)
        self.session_id = seeded.session_id
        self.accounts = seeded.accounts  # (username, token), members + 1 of them
        app = create_app({"SQLALCHEMY_DATABASE_URI": self.pg.url, "SOCKETIO_MESSAGE_QUEUE": ""})
        with app.app_context():
            author = accounts.user_by_username(self.accounts[0][0])
            self.thread_ids = [board.create_thread(author, "teknologi-informasi", f"Utas uji beban {n}",
                                                   "Pembuka utas untuk uji beban.").id for n in range(5)]
            db.session.remove()
            db.engine.dispose()

    def pids(self) -> dict[str, list[int]]:
        """Each server's gunicorn master and workers."""
        found = {}
        for name, server in (("web", self.web), ("live-1", self.live[0]), ("live-2", self.live[1])):
            if server.proc is None:
                continue
            pids = [server.proc.pid]
            try:
                pids += [int(p) for p in
                         Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children").read_text().split()]
            except OSError:
                pass
            found[name] = pids
        return found

    def close(self) -> None:
        try:
            stop_servers(self.servers)
        finally:
            self.redis.stop()
            self.pg.close()

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class LiveMember:
    """One member in the live room over WebSocket, catching up as ``static/js/live.js`` does."""

    def __init__(self, base: str, token: str, session_id: int, name: str = "", *, last_seen_sync: bool = False) -> None:
        """``last_seen_sync``: ask after the last id seen, as ``live.js`` did before (to show what that lost)."""
        import socketio

        self.last_seen_sync = last_seen_sync
        self.base, self.token, self.session_id, self.name = base, token, session_id, name
        self.sio = socketio.Client(reconnection=True, reconnection_delay=1, reconnection_delay_max=5)
        self.lock = threading.Lock()
        self.ids: dict[int, str] = {}  # message id -> how it arrived first ("live" or "sync")
        self.bodies: dict[int, str] = {}
        self.last_id = 0
        self.synced_id = 0  # everything up to here has arrived (sync asks after it)
        self._marks: list[tuple[float, int]] = []  # (time.monotonic(), synced_id), the last LOOKBACK s
        self.joined = threading.Event()
        self.degraded = False
        self.statuses: list[tuple[float, bool]] = []  # (time.monotonic(), degraded)
        self.errors: list[Any] = []
        self.syncs = 0
        self._timer: threading.Thread | None = None
        self._closing = False
        self.sio.on("connect", self._on_connect)
        self.sio.on("history", self._on_history)
        self.sio.on("message", self._on_message)
        self.sio.on("status", self._on_status)
        self.sio.on("error", lambda data: self.errors.append(data))
        self.sio.on("disconnect", lambda *a: self.joined.clear())

    def connect(self) -> LiveMember:
        self.sio.connect(self.base, auth={"token": self.token}, transports=["websocket"], wait_timeout=20)
        if not self.joined.wait(20):
            raise SystemExit(f"{self.name} did not get its history")
        return self

    def close(self) -> None:
        self._closing = True
        self.sio.disconnect()

    def say(self, body: str) -> None:
        self.sio.emit("message", {"session_id": self.session_id, "body": body})

    def _on_connect(self) -> None:
        payload: dict[str, Any] = {"session_id": self.session_id}
        if self.synced_id:
            payload["after_id"] = self.synced_id
        self.sio.emit("join", payload)

    def _seen(self, message: dict, how: str) -> None:
        with self.lock:
            self.ids.setdefault(message["id"], how)
            self.bodies[message["id"]] = message.get("body", "")
            self.last_id = max(self.last_id, message["id"])
            if how != "live" or not self.degraded or self.last_seen_sync:
                self._advance(message["id"])

    def _advance(self, message_id: int) -> None:
        if message_id > self.synced_id:
            now = time.monotonic()
            self._marks = [(t, i) for t, i in self._marks if now - t < LOOKBACK] + [(now, self.synced_id)]
            self.synced_id = message_id

    def _on_history(self, data: dict) -> None:
        for message in data.get("messages", []):
            self._seen(message, "sync" if data.get("catch_up") else "history")
        self.joined.set()

    def _on_message(self, data: dict) -> None:
        self._seen(data, "live")

    def _sync(self) -> None:
        if self.joined.is_set() and self.sio.connected:
            self.syncs += 1
            self.sio.emit("sync", {"session_id": self.session_id, "after_id": self.synced_id})

    def _sync_loop(self) -> None:
        while self.degraded and not self._closing:
            time.sleep(SYNC_EVERY)
            if self.degraded:
                self._sync()
        self._timer = None

    def _on_status(self, data: dict) -> None:
        was, self.degraded = self.degraded, bool(data.get("degraded"))
        self.statuses.append((time.monotonic(), self.degraded))
        if self.degraded and not was and not self.last_seen_sync:
            with self.lock:  # live events of the last seconds may have jumped over lost ones
                now = time.monotonic()
                self.synced_id = min([i for t, i in self._marks if now - t < LOOKBACK] + [self.synced_id])
        if self.degraded and self._timer is None:
            self._timer = threading.Thread(target=self._sync_loop, daemon=True)
            self._timer.start()
        elif was and not self.degraded:
            self._sync()


