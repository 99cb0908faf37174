"""Fault benchmark: what the forum does when its parts fail, measured on real processes.

Three scenarios, each printing a table (run one with ``--only``):

* ``writers``: two processes write one SQLite file at once, 1,000 replies each
  to the same thread: first through the service layer (two Python processes
  calling ``board.services.reply``), then through the HTTP API of two real
  gunicorn servers (production settings, 4 clients each). Prints sent / ok /
  "database is locked" / other failures / lost / seconds per process.
  Goal: 0 locked, 0 lost.
* ``kill``: ``python wsgi.py`` on SQLite gets ``kill -9`` while 4 clients
  create threads and reply over HTTP, a few times. After each restart every
  thread and post that got a 201 must be there, and nothing half-written
  (a thread without its first post, counters that disagree with the rows,
  the search index out of step, ``PRAGMA integrity_check`` not ``ok``).
* ``postgres``: a private PostgreSQL (``initdb`` into a temporary folder, own
  port: never the machine's) is stopped for 10 s while 4 clients read pages,
  read the API and post replies through gunicorn. Prints how long requests
  took to answer during the outage (goal: 503 within 2 s, nothing hanging),
  what ``/healthz`` said, and how many seconds after PostgreSQL returned the
  first 200 and 201 came back (goal: within 5 s, the app not restarted).
* ``redis-stop``: the README's production layout (one ``web`` and two ``live``
  gunicorns, a private PostgreSQL, a private ``redis-server`` as message queue
  and rate-limit storage; ``bench/layout.py``). Clients read pages and post
  replies, two Socket.IO members on different live processes talk in one open
  session (catching up as ``static/js/live.js`` does), and Redis is stopped for
  ``--redis-outage`` seconds. Prints the forum's answers during the outage
  (goal: 0 5xx), sign-in under a burst of wrong passwords (goal: the burst gets
  429, other members still sign in), whether the live members were told
  ``degraded`` and later restored, and whether every message stored during and
  just after the outage reached the member on the other process (goal: 0 missing).

Run it with ``make bench-faults`` or::

    .venv/bin/python bench/bench_faults.py --help
    .venv/bin/python bench/bench_faults.py --only writers --replies 200

The exit status is 0 when every goal is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BENCH_PASSWORD,
    ROOT,
    RUNNING,
    Server,
    clean_up_when_stopped,
    free_port,
    healthy,
    migrated_app,
    percentile,
    temporary_directory,
)

SCENARIOS = ("writers", "kill", "postgres", "redis-stop")
CATEGORY = "teknologi-informasi"
GOAL_OUTAGE_ANSWER_S = 2.0
GOAL_RECOVERY_S = 5.0
HTTP_TIMEOUT = 30.0  # a request that takes this long counts as hanging


# -- shared helpers ----------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--only", choices=SCENARIOS, action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--replies", type=int, default=1000, help="replies per writing process (default 1000)")
    parser.add_argument("--clients", type=int, default=4, help="HTTP clients (default 4)")
    parser.add_argument("--kills", type=int, default=3, help="kill -9 rounds (default 3)")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds PostgreSQL stays stopped (default 10)")
    parser.add_argument("--redis-outage", type=float, default=10.0, help="seconds Redis stays stopped (default 10)")
    parser.add_argument("--last-seen-sync", action="store_true",
                        help="redis-stop: live members sync after the last id seen (the old live.js) instead of the "
                             "last id with no gap before it")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (databases, logs)")
    parser.add_argument("--writer", nargs=5, metavar=("URL", "THREAD", "USER", "N", "TAG"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def seed(url: str, n_users: int) -> tuple[object, list[str], list[str], int]:
    """A migrated database with reference data, ``n_users`` members with tokens and one thread.

    Returns the app, the usernames, their bearer tokens and the thread's id.
    """
    from forum.accounts import services as accounts
    from forum.board import services as board
    from forum.demo import load_reference

    app = migrated_app(url, {"SOCKETIO_MESSAGE_QUEUE": ""})
    names, tokens = [], []
    with app.app_context():
        load_reference()
        for n in range(n_users):
            user = accounts.register({"username": f"penulis{n}", "email": f"penulis{n}@example.org",
                                      "password": BENCH_PASSWORD, "region": "bukittinggi",
                                      "display_name": f"Penulis {n}"})
            names.append(user.username)
            tokens.append(accounts.issue_token(user)[0])
        thread = board.create_thread(user, CATEGORY, "Utas uji tulis bersamaan", "Balasan dari dua proses.")
    return app, names, tokens, thread.id


class Http:
    """One keep-alive HTTP/1.1 connection to ``port``; a broken connection is opened again on the next call."""

    def __init__(self, port: int, token: str | None = None, timeout: float = HTTP_TIMEOUT,
                 headers: dict[str, str] | None = None) -> None:
        self.port, self.token, self.timeout = port, token, timeout
        self.headers = headers or {}
        self.last_error = ""  # why the last request got no answer
        self.retries = 0  # GETs sent again after the server closed an idle keep-alive connection under them
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        """``(status, body, seconds)``; status 0 when the connection failed (refused, reset, timed out)."""
        headers = {"Accept-Language": "id", **self.headers}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle keep-alive connection as the request went out (gunicorn's
                # keepalive): a browser or nginx sends an idempotent request again on a new connection.
                if not reused or method != "GET":
                    raise
                self.close()
                self.retries += 1
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
            payload = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, payload, time.perf_counter() - started
        except (OSError, http.client.HTTPException) as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"[:100]
            self.close()
            return 0, b"", time.perf_counter() - started

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def table(title: str, header: list[str], rows: list[list[object]]) -> None:
    """Print a plain table, right-aligned numbers."""
    cells = [[str(c) for c in header]] + [[f"{c:.2f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def goal(ok: bool, text: str) -> bool:
    print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    return ok


# -- a: two writers on one SQLite file ---------------------------------------------------

def writer_process(url: str, thread_id: int, username: str, n: int, tag: str) -> None:
    """``--writer``: one process replying ``n`` times through the service layer; prints its tally as JSON."""
    from sqlalchemy.exc import OperationalError

    from forum import create_app
    from forum.accounts import services as accounts
    from forum.board import services as board

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SOCKETIO_MESSAGE_QUEUE": ""})
    tally = {"sent": 0, "ok": 0, "locked": 0, "failed": 0, "ids": [], "errors": []}
    with app.app_context():
        user = accounts.user_by_username(username)
        print("ready", flush=True)
        sys.stdin.readline()  # go: both processes start together
        started = time.perf_counter()
        for i in range(n):
            tally["sent"] += 1
            try:
                tally["ids"].append(board.reply(user, thread_id, f"{tag} balasan {i}").id)
                tally["ok"] += 1
            except OperationalError as exc:
                tally["locked" if "locked" in str(exc) else "failed"] += 1
                tally["errors"].append(str(exc).splitlines()[0][:120])
            except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
                tally["failed"] += 1
                tally["errors"].append(f"{type(exc).__name__}: {exc}"[:120])
        tally["seconds"] = time.perf_counter() - started
    print(json.dumps(tally), flush=True)


def posts_by_id(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, body FROM posts"))


def two_service_writers(path: Path, names: list[str], thread_id: int, n: int) -> list[list[object]]:
    url = f"sqlite:///{path}"
    procs = []
    for k in range(2):
        procs.append(subprocess.Popen(
            [sys.executable, __file__, "--writer", url, str(thread_id), names[k], str(n), f"proses-{k + 1}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT))
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit("a writer process did not start")
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    tallies = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
    stored = posts_by_id(path)
    rows = []
    for k, tally in enumerate(tallies):
        lost = sum(1 for i in tally["ids"] if not stored.get(i, "").startswith(f"proses-{k + 1} "))
        rows.append([f"service, process {k + 1}", tally["sent"], tally["ok"], tally["locked"], tally["failed"],
                     lost, tally["seconds"]])
        for error in sorted(set(tally["errors"]))[:3]:
            print(f"  process {k + 1}: {error}")
    return rows


def http_writers(path: Path, instance: Path, tokens: list[str], thread_id: int, n: int,
                 clients: int) -> list[list[object]]:
    url = f"sqlite:///{path}"
    servers = [Server(url, instance, secret="bench-faults", log=instance / f"writer-{k + 1}.log")
               for k in range(2)]
    rows = []
    for server in servers:
        server.start()
    try:
        for server in servers:
            server.wait_ready()
        results: list[dict] = [{"sent": 0, "ok": 0, "503": 0, "failed": 0, "ids": {}} for _ in servers]
        go = threading.Event()
        lock = threading.Lock()

        def client(k: int, c: int, share: int) -> None:
            conn = Http(servers[k].port, tokens[2 + k * clients + c])
            go.wait()
            for i in range(share):
                body = f"server-{k + 1} klien-{c} balasan {i}"
                status, payload, _seconds = conn.request("POST", f"/api/v1/threads/{thread_id}/posts", {"body": body})
                with lock:
                    tally = results[k]
                    tally["sent"] += 1
                    if status == 201:
                        tally["ok"] += 1
                        tally["ids"][json.loads(payload)["id"]] = body
                    elif status == 503:
                        tally["503"] += 1
                    else:
                        tally["failed"] += 1
            conn.close()

        workers = []
        for k in range(len(servers)):
            for c in range(clients):
                share = n // clients + (1 if c < n % clients else 0)
                workers.append(threading.Thread(target=client, args=(k, c, share)))
        for worker in workers:
            worker.start()
        started = time.perf_counter()
        go.set()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - started
    finally:
        for server in servers:
            server.stop()
    stored = posts_by_id(path)
    for k, (server, tally) in enumerate(zip(servers, results, strict=True)):
        locked_logged = server.log.read_text(errors="replace").count("database is locked")
        lost = sum(1 for i, body in tally["ids"].items() if stored.get(i) != body)
        rows.append([f"HTTP, gunicorn {k + 1} ({clients} clients)", tally["sent"], tally["ok"],
                     max(locked_logged, tally["503"]), tally["failed"], lost, seconds])
    return rows


def run_writers(args: argparse.Namespace, instance: Path) -> bool:
    print(f"\n== a. two processes writing one SQLite file, {args.replies} replies each", flush=True)
    rows = []
    for mode in ("service", "http"):
        path = instance / f"writers-{mode}.db"
        app, names, tokens, thread_id = seed(f"sqlite:///{path}", 2 + 2 * args.clients)
        dispose(app)
        if mode == "service":
            pair = two_service_writers(path, names, thread_id, args.replies)
        else:
            pair = http_writers(path, instance, tokens, thread_id, args.replies, args.clients)
        with sqlite3.connect(path) as conn:
            count, numbers, top = conn.execute(
                "SELECT post_count, (SELECT count(DISTINCT number) FROM posts WHERE thread_id = t.id), "
                "(SELECT max(number) FROM posts WHERE thread_id = t.id) FROM threads t WHERE id = ?",
                (thread_id,)).fetchone()
        stored = sum(r[2] for r in pair) + 1  # the first post
        numbered = "yes" if count == numbers == top == stored else f"NO ({count}/{numbers}/{top})"
        rows += [row + [numbered] for row in pair]
    table("two writers, one SQLite file (WAL, BEGIN IMMEDIATE, busy timeout 10 s)",
          ["writer", "sent", "ok", "db locked", "other fail", "lost", "seconds", "numbers 1..N"], rows)
    met = goal(all(r[3] == 0 for r in rows), "0 \"database is locked\"")
    met &= goal(all(r[5] == 0 and r[4] == 0 and r[1] == r[2] == args.replies for r in rows),
                "0 lost: every reply sent was stored")
    met &= goal(all(r[7] == "yes" for r in rows), "post numbers 1..N without gaps or doubles")
    return met


def dispose(app) -> None:
    from forum.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# -- b: kill -9 of a real server ---------------------------------------------------------

class DevServer:
    """``python wsgi.py`` (the development server, threading) on a port, in its own process group."""

    def __init__(self, url: str, instance: Path, port: int) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = instance / f"wsgi-{port}.log"
        self.env = {**os.environ, "DATABASE_URL": url, "JEJARING_INSTANCE": str(instance), "PORT": str(port),
                    "HOST": "127.0.0.1", "RATELIMIT_ENABLED": "0", "SECRET_KEY": "bench-faults",
                    "SOCKETIO_MESSAGE_QUEUE": "", "JEJARING_ENV": "development"}
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        started = time.perf_counter()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        RUNNING.add(self)
        deadline = time.monotonic() + 60
        while not healthy(self.base, timeout=1.0):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"python wsgi.py did not start; see {self.log}")
            time.sleep(0.05)
        return time.perf_counter() - started

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def wait_stopped(self) -> None:
        if self.proc is not None:
            self.proc.wait()
        self.proc = None
        RUNNING.discard(self)


def half_written(path: Path) -> dict[str, int | str]:
    """Everything that would show a write cut in half, counted straight from the file."""
    with sqlite3.connect(path) as conn:
        def q(sql: str):
            return conn.execute(sql).fetchone()[0]

        return {
            "no first post": q("SELECT count(*) FROM threads t WHERE NOT EXISTS "
                               "(SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.number = 1)"),
            "thread count off": q("SELECT count(*) FROM threads t WHERE t.post_count != "
                                  "(SELECT count(*) FROM posts p WHERE p.thread_id = t.id)"),
            "last post off": q("SELECT count(*) FROM threads t WHERE t.last_post_id IS NULL OR t.last_post_id != "
                               "(SELECT max(id) FROM posts p WHERE p.thread_id = t.id)"),
            "category off": q("SELECT count(*) FROM categories c WHERE c.post_count != (SELECT count(*) FROM posts "
                              "p JOIN threads t ON t.id = p.thread_id WHERE t.category_id = c.id AND NOT t.private) "
                              "OR c.thread_count != (SELECT count(*) FROM threads t WHERE t.category_id = c.id "
                              "AND NOT t.private)"),
            "user count off": q("SELECT count(*) FROM users u WHERE u.post_count != "
                                "(SELECT count(*) FROM posts p WHERE p.author_id = u.id)"),
            "search off": q("SELECT (SELECT count(*) FROM posts) - (SELECT count(*) FROM post_search s "
                            "JOIN posts p ON p.id = s.rowid)") + q("SELECT count(*) FROM post_search s WHERE "
                                                                   "s.rowid NOT IN (SELECT id FROM posts)"),
            "integrity": q("PRAGMA integrity_check"),
        }


def run_kill(args: argparse.Namespace, instance: Path) -> bool:
    print(f"\n== b. kill -9 of python wsgi.py (SQLite) while {args.clients} clients post, {args.kills} rounds",
          flush=True)
    path = instance / "kill.db"
    url = f"sqlite:///{path}"
    app, _names, tokens, first_thread = seed(url, args.clients)
    dispose(app)
    server = DevServer(url, instance, free_port())
    server.start()
    rng = random.Random(8)
    rows, acked_threads, acked_posts = [], {}, {}
    met = True
    for round_no in range(1, args.kills + 1):
        stop = threading.Event()
        lock = threading.Lock()
        tally = Counter()

        def client(c: int, stop=stop, lock=lock, tally=tally, round_no=round_no) -> None:
            conn = Http(server.port, tokens[c], timeout=10)
            pick = random.Random(round_no * 100 + c)
            mine = [first_thread]
            i = 0
            while not stop.is_set():
                i += 1
                if i % 3 == 1:
                    body = f"r{round_no} k{c} utas {i}: pembuka"
                    status, payload, _s = conn.request("POST", "/api/v1/threads", {
                        "category": CATEGORY, "title": f"Utas r{round_no} k{c} #{i}", "body": body})
                else:
                    body = f"r{round_no} k{c} balasan {i}"
                    status, payload, _s = conn.request("POST", f"/api/v1/threads/{pick.choice(mine)}/posts",
                                                       {"body": body})
                with lock:
                    tally["sent"] += 1
                    if status == 201:
                        tally["201"] += 1
                        data = json.loads(payload)
                        if "posts" in data:  # a new thread
                            acked_threads[data["id"]] = data["posts"][0]["id"]
                            acked_posts[data["posts"][0]["id"]] = body
                            mine.append(data["id"])
                        else:
                            acked_posts[data["id"]] = body
                    elif status == 0:
                        tally["no answer"] += 1
                    else:
                        tally[f"{status}"] += 1
                if stop.is_set():
                    break
            conn.close()

        workers = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        for worker in workers:
            worker.start()
        time.sleep(rng.uniform(1.5, 3.0))
        server.kill()  # SIGKILL to the process group: no clean-up of any kind
        stop.set()
        server.wait_stopped()
        for worker in workers:
            worker.join()
        restart = server.start()
        damage = half_written(path)
        stored = posts_by_id(path)
        with sqlite3.connect(path) as conn:
            threads_now = {row[0] for row in conn.execute("SELECT id FROM threads")}
        missing_posts = sum(1 for i, body in acked_posts.items() if stored.get(i) != body)
        missing_threads = sum(1 for t in acked_threads if t not in threads_now)
        # The restarted server answers every acknowledged thread as a page too.
        probe = Http(server.port)
        unreadable = sum(1 for t in list(acked_threads)[-20:] if probe.request("GET", f"/t/{t}")[0] != 200)
        probe.close()
        bad = sum(v for k, v in damage.items() if k != "integrity") + missing_posts + missing_threads + unreadable
        rows.append([round_no, tally["sent"], tally["201"], tally["no answer"],
                     sum(v for k, v in tally.items() if k not in ("sent", "201", "no answer")),
                     len(acked_posts), missing_posts, missing_threads, bad - missing_posts - missing_threads,
                     damage["integrity"], restart])
        if bad:
            print(f"  round {round_no}: {damage}, unreadable pages {unreadable}")
    server.kill()
    server.wait_stopped()
    table("kill -9 while posting (SQLite, WAL, synchronous=NORMAL)",
          ["round", "sent", "201", "no answer", "other", "201 so far", "posts missing", "threads missing",
           "half-written", "integrity", "restart s"], rows)
    met &= goal(all(r[6] == 0 and r[7] == 0 for r in rows), "every thread and post that got a 201 is there")
    met &= goal(all(r[8] == 0 and r[9] == "ok" for r in rows),
                "nothing half-written (first posts, counters, search index, integrity_check)")
    return met


# -- c: PostgreSQL stopped under load ----------------------------------------------------

@dataclass
class Sample:
    kind: str
    sent: float  # monotonic
    seconds: float
    status: int


@dataclass
class Outage:
    start: float = 0.0
    end: float = 0.0
    samples: list[Sample] = field(default_factory=list)
    health: list[tuple[float, int, dict]] = field(default_factory=list)
    acked: dict[int, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_phase(self):
        """``(phase, kind, samples, sorted ms, status counts)`` before, during and after the outage."""
        phases = {"before": lambda s: s.sent < self.start, "outage": lambda s: self.start <= s.sent < self.end,
                  "after": lambda s: s.sent >= self.end}
        for phase, keep in phases.items():
            for kind in ("page", "api read", "post"):
                picked = [s for s in self.samples if s.kind == kind and keep(s)]
                yield phase, kind, picked, sorted(s.seconds * 1000 for s in picked), Counter(s.status for s in picked)

    def request(self, conn, kind: str, method: str, path: str, body: dict | None) -> None:
        """Send one request on ``conn`` and record what came back; a 201's post is remembered as acked."""
        sent = time.monotonic()
        status, payload, seconds = conn.request(method, path, body)
        with self.lock:
            self.samples.append(Sample(kind, sent, seconds, status))
            if status == 201:
                self.acked[json.loads(payload)["id"]] = body["body"]


def run_postgres(args: argparse.Namespace, instance: Path) -> bool:
    print(f"\n== c. a private PostgreSQL stopped for {args.outage:.0f} s while {args.clients} clients read and post",
          flush=True)
    try:
        from tests.fixtures.pgserver import PostgresUnavailable, PrivatePostgres
    except ImportError as exc:
        raise SystemExit(f"tests/fixtures/pgserver.py is needed: {exc}") from exc
    try:
        pg = PrivatePostgres()
    except PostgresUnavailable as exc:
        print(f"  skipped: {exc}")
        return False
    with pg:
        app, _names, tokens, thread_id = seed(pg.url, args.clients)
        dispose(app)
        seen = Outage()
        stop = threading.Event()
        with Server(pg.url, instance, secret="bench-faults", log=instance / "gunicorn-pg.log") as server:
            def client(c: int) -> None:
                conn = Http(server.port, tokens[c])
                plan = [("page", "GET", f"/t/{thread_id}"), ("api read", "GET", f"/api/v1/threads/{thread_id}"),
                        ("post", "POST", f"/api/v1/threads/{thread_id}/posts")]
                i = 0
                while not stop.is_set():
                    kind, method, path = plan[(i + c) % len(plan)]
                    i += 1
                    seen.request(conn, kind, method, path, {"body": f"klien {c} balasan {i}"} if kind == "post" else None)
                    time.sleep(0.02)
                conn.close()

            def watch_health() -> None:
                conn = Http(server.port)
                while not stop.is_set():
                    status, payload, _seconds = conn.request("GET", "/healthz")
                    try:
                        body = json.loads(payload)
                    except ValueError:
                        body = {}
                    with seen.lock:
                        seen.health.append((time.monotonic(), status, body))
                    time.sleep(0.25)
                conn.close()

            workers = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
            workers.append(threading.Thread(target=watch_health))
            for worker in workers:
                worker.start()
            time.sleep(5)
            seen.start = time.monotonic()
            pg.stop()
            time.sleep(max(0.0, args.outage - (time.monotonic() - seen.start)))
            pg.start()  # returns once PostgreSQL accepts connections again
            seen.end = time.monotonic()
            time.sleep(10)
            stop.set()
            for worker in workers:
                worker.join()
            died = server.proc is None or server.proc.poll() is not None
        boots = server.log.read_text(errors="replace").count("Booting worker")
        restarted = died or boots != 1
        print(f"  gunicorn: {'exited' if died else 'still running'}, workers booted: {boots}")
        from sqlalchemy import create_engine, text

        engine = create_engine(pg.url)
        with engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT id, body FROM posts")).all())
        engine.dispose()
    return report_postgres(seen, stored, restarted)


def report_postgres(seen: Outage, stored: dict[int, str], restarted: bool) -> bool:
    rows = []
    for phase, kind, picked, times, statuses in seen.by_phase():
        rows.append([f"{phase}: {kind}", len(picked), " ".join(f"{k or 'none'}x{v}" for k, v in
                                                               sorted(statuses.items())),
                     percentile(times, 0.5), percentile(times, 0.99), times[-1] if times else float("nan")])
    table(f"requests around a PostgreSQL outage of {seen.end - seen.start:.1f} s (phase by the time a request was "
          "sent; one in flight at the stop counts as before)",
          ["phase: kind", "requests", "statuses", "p50 ms", "p99 ms", "max ms"], rows)

    during = [s for s in seen.samples if seen.start <= s.sent < seen.end]
    answered_503 = [s for s in during if s.status == 503]
    slow = [s for s in during if s.seconds > GOAL_OUTAGE_ANSWER_S]
    other = Counter(s.status for s in during if s.status not in (200, 201, 503))
    health_during = Counter((status, json.dumps(body.get("checks", {}).get("database", {}).get("answers")),
                             body.get("database")) for t, status, body in seen.health if seen.start <= t < seen.end)
    print("\n/healthz during the outage:")
    for (status, answers, database), n in health_during.most_common():
        print(f"  {n:>3} x {status}  database={database!r}  checks.database.answers={answers}")
    sample_body = next((body for t, status, body in seen.health if seen.start <= t < seen.end and status == 503), {})
    print(f"  e.g. {json.dumps(sample_body, sort_keys=True)}")

    recovery = []
    for kind, want in (("page", 200), ("api read", 200), ("post", 201)):
        first = min((s.sent + s.seconds - seen.end for s in seen.samples
                     if s.kind == kind and s.sent >= seen.end and s.status == want), default=float("nan"))
        recovery.append([kind, first])
    first_health = min((t - seen.end for t, status, _b in seen.health if t >= seen.end and status == 200),
                       default=float("nan"))
    recovery.append(["/healthz", first_health])
    table("seconds from PostgreSQL accepting connections again to the first success", ["what", "seconds"], recovery)
    after_bad = Counter(s.status for s in seen.samples if s.sent >= seen.end + GOAL_RECOVERY_S
                        and s.status not in (200, 201))
    lost = sum(1 for i, body in seen.acked.items() if stored.get(i) != body)
    acked_bodies = set(seen.acked.values())
    unacked = sum(1 for body in stored.values() if body.startswith("klien ") and body not in acked_bodies)
    print(f"\n  during the outage: {len(during)} requests, {len(answered_503)} answered 503, "
          f"{len(slow)} took over {GOAL_OUTAGE_ANSWER_S:.0f} s, other answers {dict(other) or 'none'}")
    print(f"  {len(seen.acked)} replies got 201, {lost} of them missing afterwards; "
          f"after recovery (+{GOAL_RECOVERY_S:.0f} s) non-success answers: {dict(after_bad) or 'none'}")
    print(f"  replies stored although their answer was not a 201 (in flight when PostgreSQL stopped): {unacked}")
    met = goal(bool(answered_503) and not slow and not other,
               "during the outage: 503 within 2 s, nothing hanging, no 500 and no dropped connection")
    met &= goal(any(status == 503 and body.get("checks", {}).get("database", {}).get("answers") is False
                    for t, status, body in seen.health if seen.start <= t < seen.end),
                "/healthz said 503, naming the database as not answering")
    met &= goal(all(r[1] <= GOAL_RECOVERY_S for r in recovery), "first 200/201 within 5 s of PostgreSQL returning")
    met &= goal(not restarted and not after_bad, "recovered by itself: the same server process, no errors after")
    met &= goal(lost == 0, "every reply that got a 201 is stored")
    return met


# -- d: Redis stopped under load ---------------------------------------------------------

def run_redis_stop(args: argparse.Namespace, instance: Path) -> bool:
    """The production layout; Redis (message queue, rate-limit storage) stopped for ``--redis-outage`` seconds."""
    from layout import Layout, LiveMember

    print(f"\n== d. Redis stopped for {args.redis_outage:.0f} s: web + 2 live processes, private PostgreSQL and "
          f"Redis, {args.clients} forum clients, 2 live members on different processes", flush=True)
    lay = Layout(instance, members=args.clients + 6, rate_limits=True)
    with lay:
        seen = Outage()
        stop = threading.Event()
        thread_id = lay.thread_ids[0]

        def client(c: int) -> None:
            # Each client is its own address behind the proxy (X-Forwarded-For), as in production.
            conn = Http(lay.web.port, lay.accounts[1 + c][1], headers={"X-Forwarded-For": f"10.0.1.{c + 1}"})
            plan = [("page", "GET", "/"), ("page", "GET", f"/t/{thread_id}"),
                    ("api read", "GET", f"/api/v1/threads/{thread_id}"), ("page", "GET", "/c/teknologi-informasi")]
            i, last_post = 0, 0.0
            while not stop.is_set():
                i += 1
                if time.monotonic() - last_post > 2.5:  # 24 a minute: under the 30-a-minute reply limit
                    kind, method, path = "post", "POST", f"/api/v1/threads/{thread_id}/posts"
                    last_post = time.monotonic()
                else:
                    kind, method, path = plan[(i + c) % len(plan)]
                seen.request(conn, kind, method, path, {"body": f"klien {c} balasan {i}"} if kind == "post" else None)
                time.sleep(0.05)
            conn.close()

        members = [LiveMember(lay.live[k].base, lay.accounts[-1 - k][1], lay.session_id, f"member-{k + 1}",
                              last_seen_sync=args.last_seen_sync).connect()
                   for k in range(2)]
        said: list[list[tuple[float, str]]] = [[], []]

        def talker(k: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                body = f"anggota {k + 1} pesan {n}"
                said[k].append((time.monotonic(), body))
                members[k].say(body)
                time.sleep(1.1)  # the live rooms' flood limit refuses faster talkers ("too_fast")

        workers = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        workers += [threading.Thread(target=talker, args=(k,)) for k in range(2)]
        for worker in workers:
            worker.start()
        time.sleep(5)
        seen.start = time.monotonic()
        lay.redis.stop()
        signins: dict = {}
        signer = threading.Thread(target=lambda: signins.update(sign_ins(lay)))
        time.sleep(1.0)
        signer.start()  # argon2 makes 32 sign-ins take seconds: alongside, not holding Redis down
        time.sleep(max(0.0, args.redis_outage - (time.monotonic() - seen.start)))
        lay.redis.start()
        seen.end = time.monotonic()
        time.sleep(15)  # "just after the outage": still talking
        stop.set()
        for worker in workers:
            worker.join()
        signer.join()
        time.sleep(2 * 3.0 + 2)  # a last sync round, then the stragglers
        signins_after = sign_ins(lay, after=True)
        for member in members:
            member.close()
        from sqlalchemy import create_engine, text

        engine = create_engine(lay.pg.url)
        with engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT id, body FROM posts")).all())
            live_rows = conn.execute(text("SELECT id, body, created_at FROM live_messages WHERE session_id = :s"),
                                     {"s": lay.session_id}).all()
        engine.dispose()
        logs = {s.log.name: s.log.read_text(errors="replace") for s in lay.servers}
    return report_redis_stop(seen, stored, members, said, live_rows, signins, signins_after, logs)


def sign_ins(lay, after: bool = False) -> dict[str, object]:
    """During the outage: a burst of wrong passwords from one address, then members signing in from theirs."""
    victim, _token = lay.accounts[-3]
    bystander, _token = lay.accounts[-4]
    net = "10.0.9" if after else "10.0.8"
    attacker = Http(lay.web.port, headers={"X-Forwarded-For": f"{net}.66"})
    burst = Counter(attacker.request("POST", "/api/v1/tokens", {"username": victim, "password": "salah-terus"})[0]
                    for _ in range(30))
    attacker.close()
    results = {"burst": burst}
    for label, name, address in (("another member, own address", bystander, f"{net}.7"),
                                 ("the attacked member, own address", victim, f"{net}.8")):
        conn = Http(lay.web.port, headers={"X-Forwarded-For": address})
        results[label] = conn.request("POST", "/api/v1/tokens", {"username": name, "password": BENCH_PASSWORD})[0]
        conn.close()
    return results


def report_redis_stop(seen: Outage, stored: dict[int, str], members, said, live_rows, signins, signins_after,
                      logs: dict[str, str]) -> bool:
    rows = []
    for phase, kind, picked, times, statuses in seen.by_phase():
        rows.append([f"{phase}: {kind}", len(picked), sum(1 for s in picked if s.status >= 500 or s.status == 0),
                     " ".join(f"{k or 'none'}x{v}" for k, v in sorted(statuses.items())),
                     percentile(times, 0.5), percentile(times, 0.99)])
    table(f"forum requests around a Redis outage of {seen.end - seen.start:.1f} s (web process)",
          ["phase: kind", "requests", "5xx/none", "statuses", "p50 ms", "p99 ms"], rows)

    sign_rows = []
    for when, got in (("during the outage", signins), ("after it", signins_after)):
        burst = got["burst"]
        sign_rows.append([when, " ".join(f"{k}x{v}" for k, v in sorted(burst.items())),
                          got["another member, own address"], got["the attacked member, own address"]])
    table("sign-in (POST /api/v1/tokens): 30 wrong passwords from one address, then right ones from others",
          ["when", "burst answers", "other member", "attacked member"], sign_rows)

    by_body = {body: (mid, created) for mid, body, created in live_rows}
    live_table, missing_total, late = [], 0, []
    for k in range(len(members)):
        other = members[1 - k]
        window = [(t, body) for t, body in said[k] if t >= seen.start]  # during and just after the outage
        stored_ids = [by_body[body][0] for _t, body in window if body in by_body]
        missing = [i for i in stored_ids if i not in other.ids]
        how = Counter(other.ids[i] for i in stored_ids if i in other.ids)
        missing_total += len(missing)
        late += missing[:5]
        live_table.append([f"member {k + 1} -> member {2 - k}", len(window), len(stored_ids), how.get("live", 0),
                           how.get("sync", 0) + how.get("history", 0), len(missing)])
    table("live messages sent from the outage's start on (to the member on the other process)",
          ["direction", "sent", "stored", "by live event", "by sync", "missing"], live_table)
    status_rows = []
    for k, member in enumerate(members):
        told = [(round(t - seen.start, 1), d) for t, d in member.statuses if t >= seen.start]
        went = next((t for t, d in told if d), None)
        back = next((t for t, d in told if not d and went is not None and t > went), None)
        errors = Counter(str(e.get("code")) if isinstance(e, dict) else str(e) for e in member.errors)
        status_rows.append([f"member {k + 1}", "yes" if went is not None else "NO", went if went is not None else "-",
                            "yes" if back is not None else "NO",
                            f"{back - (seen.end - seen.start):.1f}" if back is not None else "-",
                            member.syncs, dict(errors) or "none"])
    table("live status events (seconds from Redis stopping; 'restored' from Redis back)",
          ["member", "degraded", "at s", "restored", "s after back", "syncs sent", "errors"], status_rows)

    during = [s for s in seen.samples if seen.start <= s.sent < seen.end]
    bad = [s for s in seen.samples if s.status >= 500 or s.status == 0]
    posts_ok = [s for s in during if s.kind == "post" and s.status == 201]
    lost = sum(1 for i, body in seen.acked.items() if stored.get(i) != body)
    tracebacks = {name: text.count("Traceback") for name, text in logs.items()}
    print(f"\n  tracebacks in the server logs: {tracebacks}")
    met = goal(not bad, f"0 answers 5xx (or no answer) from the forum ({len(bad)} seen, {len(during)} requests "
                        "during the outage)")
    met &= goal(bool(posts_ok) and lost == 0, f"posting kept working: {len(posts_ok)} replies got 201 during the "
                                             f"outage, {lost} of all acknowledged replies missing")
    burst_429 = signins["burst"].get(429, 0)
    met &= goal(burst_429 > 0, f"a burst of wrong sign-ins is refused during the outage ({burst_429} of 30 got 429)")
    met &= goal(signins["another member, own address"] == 201 and signins_after["another member, own address"] == 201,
                "other members can still sign in (not everyone locked out)")
    met &= goal(all(r[1] == "yes" and r[3] == "yes" for r in status_rows),
                "live clients were told degraded: true, later degraded: false")
    met &= goal(missing_total == 0, f"0 live messages missing on the other process ({missing_total}; e.g. {late})")
    return met


# -- main --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.writer:
        url, thread_id, username, n, tag = args.writer
        writer_process(url, int(thread_id), username, int(n), tag)
        return 0
    chosen = args.only or list(SCENARIOS)
    with temporary_directory("jejaring-bench-faults-", keep=args.keep) as instance:
        os.environ["JEJARING_INSTANCE"] = str(instance)  # read by forum.config on first import
        print(f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}, scenarios: {', '.join(chosen)}")
        met = True
        for name in chosen:
            met &= {"writers": run_writers, "kill": run_kill, "postgres": run_postgres,
                     "redis-stop": run_redis_stop}[name](args, instance)
        if args.keep:
            print(f"kept {instance}")
    print(f"\n{'every goal met' if met else 'some goals MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    clean_up_when_stopped()
    sys.exit(main())
