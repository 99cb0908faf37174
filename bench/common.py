"""What the benchmarks share: a fresh database, gunicorn with the production settings, and cleaning up.

The benchmarks run as scripts (``python bench/bench_pages.py``), so this module
is imported as ``common`` from the script's directory. It imports the project
(``forum``, Flask, SQLAlchemy) only inside the functions that need it: the
scripts put the repository on ``sys.path`` and set ``JEJARING_INSTANCE`` first,
and ``bench_live.py`` re-runs itself under gevent before anything heavy loads.

* ``migrated_app``: an app on an empty database with every migration applied
  (a PostgreSQL database's ``public`` schema is dropped first; an existing
  SQLite file is refused);
* ``Server``: ``gunicorn -c gunicorn.conf.py wsgi:app`` on a loopback port with
  ``JEJARING_ENV=production``, started until ``/healthz`` answers, stopped with
  SIGTERM (SIGKILL to its process group when it takes too long), startable again;
* ``temporary_directory`` and ``clean_up_when_stopped``: when the script itself
  is stopped with SIGTERM or SIGHUP, its servers are killed and its temporary
  directories removed instead of being left behind.
"""

from __future__ import annotations

import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
BENCH_PASSWORD = "pustakawan-bench"  # every seeded user's password
HEALTHZ = "/healthz"

RUNNING: set[Server] = set()  # servers to kill if the script is itself stopped
TEMPORARY: set[Path] = set()  # directories to remove then


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values (``nan`` when there are none)."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# -- the database ------------------------------------------------------------------------

def database_url(url: str) -> str:
    """``url`` with the driver the app uses: ``postgres://`` and ``postgresql://`` become ``postgresql+psycopg://``."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def empty_postgresql(url: str) -> None:
    """Drop the database's ``public`` schema with everything in it and create it again, empty."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def migrated_app(url: str, config: Mapping[str, Any] | None = None) -> Flask:
    """An app (``config`` on top of the environment's settings) on an empty database with every migration applied."""
    from flask_migrate import upgrade
    from sqlalchemy import make_url

    from forum import create_app

    url = database_url(url)
    if url.startswith("postgresql"):
        empty_postgresql(url)
    elif url.startswith("sqlite") and Path(make_url(url).database or "").exists():
        raise SystemExit(f"{url}: the SQLite file exists; give a path to a new file")
    app = create_app({**(config or {}), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
    return app


# -- servers -----------------------------------------------------------------------------

def healthy(base: str, timeout: float = 5.0) -> bool:
    """Whether the server at ``base`` answers ``/healthz`` with 200."""
    try:
        with urllib.request.urlopen(base + HEALTHZ, timeout=timeout) as resp:  # noqa: S310 - our own loopback server
            return resp.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


class Server:
    """``gunicorn -c gunicorn.conf.py wsgi:app`` on a fixed loopback port, production settings; can be restarted.

    Every server gets ``DATABASE_URL``, ``SECRET_KEY`` (``secret``, else a new
    random one), ``JEJARING_INSTANCE`` (``instance``), ``JEJARING_ENV=production``,
    ``RATELIMIT_ENABLED=0`` (one client address sends every request) and
    ``SESSION_COOKIE_SECURE=0`` (plain HTTP), on top of this process's
    environment without the variables named in ``unset``; ``env`` comes last and
    ``options`` go on gunicorn's command line. Used as a context manager it is
    started until healthy and stopped at the end.
    """

    def __init__(self, url: str, instance: Path, port: int | None = None, *, secret: str | None = None,
                 env: Mapping[str, str] | None = None, unset: Iterable[str] = (), options: Sequence[str] = (),
                 log: Path | None = None, startup_timeout: float = 60.0, stop_timeout: float = 60.0) -> None:
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log or instance / f"gunicorn-{self.port}.log"
        self.options = list(options)
        self.startup_timeout, self.stop_timeout = startup_timeout, stop_timeout
        dropped = set(unset)
        self.env = {
            **{name: value for name, value in os.environ.items() if name not in dropped},
            "DATABASE_URL": url,
            "SECRET_KEY": secret or secrets.token_urlsafe(32),
            "JEJARING_INSTANCE": str(instance),
            "JEJARING_ENV": "production",
            "RATELIMIT_ENABLED": "0",
            "SESSION_COOKIE_SECURE": "0",
            **(env or {}),
        }
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        """Start gunicorn in its own process group, its output appended to ``self.log``; does not wait."""
        # No control socket: its default path is shared by every gunicorn of this user.
        command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py", "--no-control-socket",
                   "--bind", f"127.0.0.1:{self.port}", *self.options, "wsgi:app"]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        RUNNING.add(self)

    def wait_ready(self) -> None:
        """Until ``/healthz`` answers 200; ``SystemExit`` with the log's tail if it exits or takes too long."""
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline and self.proc is not None and self.proc.poll() is None:
            if healthy(self.base):
                return
            time.sleep(0.05)
        if self.proc is not None and self.proc.poll() is not None:
            problem = f"exited with status {self.proc.returncode}"
        else:
            problem = f"did not answer {HEALTHZ} with 200 within {self.startup_timeout:.0f} s"
        tail = "\n".join(self.log.read_text(errors="replace").splitlines()[-30:]) if self.log.exists() else ""
        raise SystemExit(f"gunicorn on port {self.port} {problem}; its log ends with:\n{tail}")

    def terminate(self) -> None:
        """Ask gunicorn to stop (SIGTERM: it finishes what it serves within its graceful timeout); does not wait."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def wait_stopped(self, timeout: float | None = None) -> None:
        """Until the process has exited; SIGKILL to its process group when it takes longer than ``timeout``."""
        proc, self.proc = self.proc, None
        RUNNING.discard(self)
        if proc is None:
            return
        try:
            proc.wait(timeout=self.stop_timeout if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop(self) -> None:
        """SIGTERM, then wait until it has exited (see ``wait_stopped``)."""
        self.terminate()
        self.wait_stopped()

    def kill(self) -> None:
        """SIGKILL to the whole process group (master and workers) at once; does not wait."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def __enter__(self) -> Server:
        start_servers([self])
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def start_servers(servers: Sequence[Server]) -> None:
    """Start every server, then wait until each is healthy; if one is not, kill them all and re-raise."""
    for server in servers:
        server.start()
    try:
        for server in servers:
            server.wait_ready()
    except BaseException:
        for server in servers:
            server.kill()
        for server in servers:
            server.wait_stopped()
        raise


def stop_servers(servers: Sequence[Server]) -> None:
    """SIGTERM to every server at once, then wait until each has exited."""
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait_stopped()


# -- cleaning up -------------------------------------------------------------------------

@contextmanager
def temporary_directory(prefix: str, keep: bool = False) -> Iterator[Path]:
    """A new temporary directory, removed at the end of the block (or when the script is stopped) unless ``keep``."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if not keep:
        TEMPORARY.add(path)
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)
            TEMPORARY.discard(path)


def on_terminate(signum: int, _frame: FrameType | None) -> None:
    """Stopped from outside (SIGTERM, SIGHUP): take the servers along instead of leaving them orphaned."""
    for server in list(RUNNING):
        server.kill()
    for path in list(TEMPORARY):
        shutil.rmtree(path, ignore_errors=True)
    os._exit(128 + signum)


def clean_up_when_stopped() -> None:
    """Install ``on_terminate`` for SIGTERM and SIGHUP (Ctrl-C already unwinds through the ``finally`` blocks)."""
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, on_terminate)
