"""Real servers for the end-to-end live tests: a database file, accounts, gunicorn processes, socket peers.

The tests drive ``gunicorn -c gunicorn.conf.py wsgi:app`` (gevent, production
settings) over loopback with python-socketio's client on the WebSocket
transport. The database is always a fresh SQLite file of its own, even when
the suite runs on PostgreSQL: the servers must not fight the suite's resets.
This test process reaches the same file through :class:`Forum` to make
accounts, tokens and sessions with the real services.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import socketio

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 40.0
WAIT = 10.0  # seconds an expected event may take to arrive
PASSWORD = "kata-sandi-rahasia"
# Settings of the test run that must not leak into the servers' own configuration.
NOT_INHERITED = ("DATABASE_URL", "SOCKETIO_MESSAGE_QUEUE", "RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED",
                 "WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_WORKER_CLASS", "HOST", "PORT", "SECRET_KEY",
                 "JEJARING_ENV", "JEJARING_INSTANCE", "SOCKETIO_ASYNC_MODE", "SOCKETIO_CHANNEL")
# The servers' pub/sub channel: a test run of its own shares nothing with another run on the same Redis.
CHANNEL = f"jejaring-test-{os.getpid()}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- the database, seen from the test process ----------------------------------------

class Forum:
    """A migrated SQLite file with the reference data, and the services to fill it."""

    def __init__(self, url: str) -> None:
        from flask_migrate import upgrade

        from forum import create_app
        from forum.demo import load_reference

        self.url = url
        # No message queue here: this process never talks to the servers' rooms.
        self.app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SOCKETIO_MESSAGE_QUEUE": ""})
        with self.app.app_context():
            upgrade()
            load_reference()
        self._hash: str | None = None
        self._count = 0

    def close(self) -> None:
        from forum.extensions import db

        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def unique(self, name: str) -> str:
        """``name`` with a number that no other account of this run has."""
        self._count += 1
        return f"{name}{self._count}"

    def user(self, name: str, role: str = "member") -> str:
        """A new account named after ``name`` (made unique); returns its username.

        The first is registered through ``accounts.services.register``; the
        others are the same row with that password's hash reused, because
        hashing costs a fifth of a second each on a small machine.
        """
        from forum.accounts import services as accounts
        from forum.accounts.models import User
        from forum.database import write
        from forum.extensions import db
        from forum.models_base import utcnow

        username = self.unique(name)
        with self.app.app_context():
            if self._hash is None:
                user = accounts.register({"username": username, "email": f"{username}@example.org",
                                          "password": PASSWORD, "region": "bukittinggi",
                                          "display_name": username.title()}, role=role,
                                         verified=True)  # the servers run as production: addresses confirmed
                self._hash = user.password_hash
                return username
            region = accounts.region_by_slug("padang")
            with write():
                db.session.add(User(username=username, username_key=username.lower(),
                                    email=f"{username}@example.org", display_name=username.title(),
                                    password_hash=self._hash, role=role, region=region,
                                    institution="", timezone="Asia/Jakarta", email_verified_at=utcnow()))
        return username

    def token(self, username: str) -> str:
        """A bearer token issued by the service (the HTTP route is rate limited to 20 a minute)."""
        from forum.accounts import services as accounts

        with self.app.app_context():
            return accounts.issue_token(accounts.user_by_username(username))[0]

    def session(self, moderator: str, *, open_it: bool = True) -> int:
        """A live session run by ``moderator``: open, or still scheduled for tomorrow."""
        from forum.accounts.services import user_by_username
        from forum.live import services
        from forum.models_base import utcnow

        with self.app.app_context():
            host = user_by_username(moderator)
            live = services.schedule(host, {"title": f"Klinik katalogisasi {self._count}",
                                            "category": "pengelolaan-koleksi",
                                            "description": "Bawa pertanyaan MARC Anda.",
                                            "starts_at": (utcnow() + timedelta(days=1)).isoformat()})
            if open_it:
                services.open_session(host, live.id)
            return live.id

    def sign_out_everywhere(self, username: str) -> None:
        from forum.accounts import services as accounts

        with self.app.app_context():
            accounts.sign_out_everywhere(accounts.user_by_username(username))

    def message_ids(self, session_id: int) -> list[int]:
        from sqlalchemy import select

        from forum.extensions import db
        from forum.live.models import LiveMessage

        with self.app.app_context():
            ids = list(db.session.scalars(select(LiveMessage.id).where(LiveMessage.session_id == session_id)
                                          .order_by(LiveMessage.id)))
            db.session.remove()
            return ids


# -- server processes ---------------------------------------------------------------

class Server:
    """One ``gunicorn -c gunicorn.conf.py wsgi:app`` process on a loopback port."""

    def __init__(self, url: str, instance: Path, port: int, secret: str, *, queue: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = instance / f"gunicorn-{port}.log"
        self._url, self._instance, self._secret, self._queue = url, instance, secret, queue
        self._extra = env or {}
        self.proc: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env.update(DATABASE_URL=self._url, SECRET_KEY=self._secret, JEJARING_INSTANCE=str(self._instance),
                   SESSION_COOKIE_SECURE="0", RATELIMIT_STORAGE_URI="memory://", JEJARING_DEMO="0",
                   PYTHONUNBUFFERED="1")
        if self._queue:
            # The run's own channel and task queue on the shared Redis, whose jobs these servers run themselves.
            env.update(SOCKETIO_MESSAGE_QUEUE=self._queue, SOCKETIO_CHANNEL=CHANNEL, TASKS_IN_PROCESS="1")
        env.update(self._extra)
        return env

    def start(self) -> Server:
        """Launch the process (use :meth:`wait_ready` before talking to it)."""
        # No control socket: its default path is shared by every gunicorn of this user.
        command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "--no-control-socket",
                   "--bind", f"127.0.0.1:{self.port}", "wsgi:app"]
        with self.log.open("ab") as out:
            # A session of its own, so that a stuck server can be ended with all its workers.
            self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> Server:
        """Until ``GET /healthz`` answers 200; fails with the log's tail when it does not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                break
            try:
                if http_json("GET", self.base + "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn on port {self.port} did not become healthy; its log ends with:\n"
                           + self.log_tail())

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM (gunicorn's graceful stop), then SIGKILL to the whole process group if it lingers."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            if proc is not None:
                proc.wait()
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


    def crash(self) -> None:
        """SIGKILL the whole process group at once, as a crash or an OOM kill would."""
        proc, self.proc = self.proc, None
        if proc is not None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def start_all(servers: list[Server]) -> list[Server]:
    """Start several servers at once (each takes seconds to import) and wait for all of them."""
    for server in servers:
        server.start()
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        for server in servers:
            server.stop(grace=2)
        raise
    return servers


def wait_until(done: Callable[[], bool], timeout: float = WAIT, step: float = 0.05) -> bool:
    """Poll ``done`` until it is true (True) or ``timeout`` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def http_json(method: str, url: str, body: dict | None = None, token: str | None = None) -> tuple[int, Any]:
    """One JSON request; returns the status and the decoded answer (errors included)."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 - our own loopback server
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        with exc:
            raw = exc.read()
        try:
            return exc.code, json.loads(raw or b"null")
        except ValueError:
            return exc.code, raw.decode(errors="replace")


# -- socket peers -------------------------------------------------------------------

class Peer:
    """A python-socketio client over WebSocket that keeps every event it receives, in order.

    ``wait_for`` returns the first event of a name (matching a predicate) that
    no earlier ``wait_for`` returned, waiting for it if needed; ``skip``
    forgets what has arrived so far.
    """

    def __init__(self, base: str, token: str | None, name: str = "") -> None:
        self.base, self.token, self.name = base, token, name
        self.sio = socketio.Client(reconnection=False)
        self._lock = threading.Condition()
        self._events: list[tuple[str, Any]] = []
        self._taken: set[int] = set()
        self.disconnected = threading.Event()
        self.disconnect_reason: str | None = None  # as python-socketio gives it
        self.sio.on("*", self._record)
        self.sio.on("disconnect", self._on_disconnect)

    def _record(self, event: str, *args: Any) -> None:
        with self._lock:
            self._events.append((event, args[0] if len(args) == 1 else list(args)))
            self._lock.notify_all()

    def _on_disconnect(self, *reason: Any) -> None:
        self.disconnect_reason = reason[0] if reason else None
        self.disconnected.set()
        with self._lock:
            self._lock.notify_all()

    def connect(self) -> Peer:
        auth = {"token": self.token} if self.token is not None else None
        self.sio.connect(self.base, auth=auth, transports=["websocket"], wait_timeout=WAIT)
        return self

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
        # After the server cut the connection, python-engineio's client leaves its socket open.
        ws = getattr(self.sio.eio, "ws", None)
        if ws is not None:
            ws.shutdown()

    @property
    def connected(self) -> bool:
        return self.sio.connected

    def emit(self, event: str, data: Any = None) -> None:
        self.sio.emit(event, data)

    def skip(self) -> None:
        with self._lock:
            self._taken.update(range(len(self._events)))

    def received(self, event: str) -> list[Any]:
        """Every payload of ``event`` so far, taken or not."""
        with self._lock:
            return [data for name, data in self._events if name == event]

    def wait_for(self, event: str, match: Callable[[Any], bool] = lambda _data: True,
                 timeout: float = WAIT) -> Any:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for index, (name, data) in enumerate(self._events):
                    if index not in self._taken and name == event and match(data):
                        self._taken.add(index)
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [name for name, _ in self._events]
                    raise AssertionError(f"{self.name or 'peer'} got no matching {event!r} within {timeout} s; "
                                         f"events so far: {seen}")
                self._lock.wait(left)

    def error(self, code: str, timeout: float = WAIT) -> dict:
        """Wait for an ``error`` event; fails if the first new one has another code."""
        got = self.wait_for("error", timeout=timeout)
        assert got["code"] == code, f"{self.name}: expected error {code!r}, got {got}"
        return got

    def join(self, session_id: int, **extra: Any) -> dict:
        """Join a room and return its ``history``."""
        self.emit("join", {"session_id": session_id, **extra})
        return self.wait_for("history", lambda h: h["session_id"] == session_id)

    def say(self, session_id: int, body: str) -> None:
        self.emit("message", {"session_id": session_id, "body": body})

    def message(self, body: str, timeout: float = WAIT) -> dict:
        """Wait for the broadcast of a message with this body."""
        return self.wait_for("message", lambda m: m["body"] == body, timeout)
