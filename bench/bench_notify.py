"""Notification fan-out benchmark: a reply in a category with 5,000 watchers.

It seeds a fresh database (by default 5,000 members watching one category, a
thread in it by another member), starts gunicorn with the production settings
(``gunicorn.conf.py``, ``JEJARING_ROLE=web``) and one task-queue worker
(``flask --app wsgi worker``) sharing a real queue: a SQLite file by default,
Redis with ``--tasks-url redis://...`` (the production layout). Nothing runs
in immediate mode: the web process only queues the fan-out job.

It measures:

* the reply request (``POST /api/v1/threads/ID/posts`` with a bearer token, on a
  keep-alive connection), ``--replies`` times one after the other, while the
  worker is busy fanning out the earlier ones: p50, p99 and max;
* for ``--deliveries`` more replies, each sent on an idle queue, the time from
  the reply's answer until every notification of that post is stored
  (watchers + the thread's author): p50 and max.

Goals: reply p99 under 50 ms, every notification stored within 5 s, every post
notifying exactly the members it should. The exit status is 0 when every goal
is met, 1 otherwise.

Run it with::

    .venv/bin/python bench/bench_notify.py --help
    .venv/bin/python bench/bench_notify.py                       # SQLite database, SQLite queue
    .venv/bin/python bench/bench_notify.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench \\
        --tasks-url redis://127.0.0.1:6379/3

A PostgreSQL database given with ``--database-url`` is emptied first (its
``public`` schema is dropped); a Redis queue given with ``--tasks-url`` loses
the jobs it holds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

from common import (
    BENCH_PASSWORD,
    ROOT,
    RUNNING,
    Server,
    clean_up_when_stopped,
    migrated_app,
    percentile,
    temporary_directory,
)

GOAL_REPLY_P99_MS = 50.0
GOAL_DELIVERY_S = 5.0
CATEGORY = "pengelolaan-koleksi"
QUIET_CATEGORY = "layanan-pengguna"  # nobody watches it: replies there are the baseline


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (emptied first); default a new SQLite file")
    parser.add_argument("--tasks-url", default="", help="Redis URL of the task queue; default a SQLite file")
    parser.add_argument("--watchers", type=int, default=5000, help="members watching the category")
    parser.add_argument("--replies", type=int, default=50, help="replies timed back to back")
    parser.add_argument("--deliveries", type=int, default=5, help="replies timed until every notification is stored")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--queue-workers", type=int, default=2, help="worker threads of the task-queue worker")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def seed(app, watchers: int) -> dict:
    """The asker, the replier (both can sign in), ``watchers`` members watching the category, one thread."""
    from sqlalchemy import insert, select

    from forum.accounts import services as accounts
    from forum.accounts.models import Region, User
    from forum.board import services as board
    from forum.board.models import Category
    from forum.demo import load_reference
    from forum.extensions import db
    from forum.models_base import utcnow
    from forum.notifications.models import Watch

    started = time.perf_counter()
    with app.app_context():
        load_reference()
        asker = accounts.register({"username": "penanya", "email": "penanya@example.org", "password": BENCH_PASSWORD,
                                   "region": "padang", "display_name": "Penanya"})
        accounts.register({"username": "penjawab", "email": "penjawab@example.org", "password": BENCH_PASSWORD,
                           "region": "padang", "display_name": "Penjawab"})
        region_id = db.session.scalar(select(Region.id).where(Region.slug == "padang"))
        category_id = db.session.scalar(select(Category.id).where(Category.slug == CATEGORY))
        now = utcnow()
        # Watchers never sign in: one stored hash for all keeps seeding fast (argon2 costs ~50 ms each).
        rows = [{"username": f"pemantau{i}", "username_key": f"pemantau{i}", "email": f"pemantau{i}@example.org",
                 "display_name": f"Pemantau {i}", "password_hash": asker.password_hash, "role": "member",
                 "region_id": region_id, "institution": "", "bio": "", "timezone": "Asia/Jakarta",
                 "suspended": False, "session_version": 1, "post_count": 0, "created_at": now}
                for i in range(watchers)]
        if rows:
            db.session.execute(insert(User), rows)
            ids = db.session.scalars(select(User.id).where(User.username_key.like("pemantau%"))).all()
            db.session.execute(insert(Watch), [{"user_id": uid, "category_id": category_id, "level": "watching",
                                                "updated_at": now} for uid in ids])
            db.session.commit()
        thread = board.create_thread(asker, CATEGORY, "Penyiangan koleksi tercetak", "Kriteria apa yang dipakai?")
        quiet = board.create_thread(asker, QUIET_CATEGORY, "Jam layanan Sabtu", "Buka sampai jam berapa?")
    return {"thread_id": thread.id, "quiet_id": quiet.id, "seconds": time.perf_counter() - started}


class Client:
    """A keep-alive JSON client for the server."""

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        self.token = ""

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            try:
                self.conn.request("POST", path, body=json.dumps(body), headers=headers)
                response = self.conn.getresponse()
                return response.status, json.loads(response.read() or b"{}")
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # The server closed the idle keep-alive connection before this request reached it: a new one
                # (as browsers do). Only a request that was not read can fail this way, so sending it again is safe.
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def stored(engine, post_id: int) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM notifications WHERE post_id = :p"), {"p": post_id}).scalar()


def wait_stored(engine, post_ids: list[int], expected: int, timeout: float = 120.0) -> float:
    """Seconds until each post has ``expected`` notifications (``inf`` after ``timeout``)."""
    started = time.perf_counter()
    pending = list(post_ids)
    while pending:
        if stored(engine, pending[0]) >= expected:
            pending.pop(0)
            continue
        if time.perf_counter() - started > timeout:
            return float("inf")
        time.sleep(0.01)
    return time.perf_counter() - started


class Worker:
    """``flask --app wsgi worker`` with the server's settings; killed with the script (``common.RUNNING``)."""

    def __init__(self, server: Server, workers: int, log: Path):
        command = [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "worker", "--workers", str(workers)]
        with log.open("ab") as out:
            self.proc = subprocess.Popen(command, cwd=ROOT, env=server.env, stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        RUNNING.add(self)

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def stop(self) -> None:
        """SIGTERM (the consumer stops gracefully), SIGKILL after 30 s."""
        RUNNING.discard(self)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait()


def run(args: argparse.Namespace, instance: Path) -> int:
    from common import database_url
    from sqlalchemy import create_engine

    url = database_url(args.database_url) if args.database_url else f"sqlite:///{instance / 'bench.db'}"
    env = {"JEJARING_ROLE": "web", "WEB_CONCURRENCY": str(args.web_workers), "TASKS_IN_PROCESS": "0",
           "JEJARING_DEMO": "0"}
    if args.tasks_url:
        env["TASKS_URL"] = args.tasks_url
        from huey.storage import RedisStorage

        RedisStorage("jejaring", url=args.tasks_url).flush_all()  # leftover jobs of an earlier run
    else:
        env["TASKS_SQLITE_PATH"] = str(instance / "tasks.sqlite")
    # Seeding runs its own jobs at once (the thread's first post puts its author at tracking); the web
    # server and the worker below share a real queue.
    app = migrated_app(url, {"TESTING": False, "TASKS_IMMEDIATE": True})
    seeded = seed(app, args.watchers)
    print(f"seeded {args.watchers:,} watchers of /c/{CATEGORY} in {seeded['seconds']:.1f} s", flush=True)
    expected = args.watchers + 1  # every watcher (watched) and the thread's author (reply)
    engine = create_engine(url)
    server = Server(url, instance, env=env)
    worker = None
    try:
        with server:
            worker = Worker(server, args.queue_workers, instance / "worker.log")
            client = Client(server.base)
            status, body = client.post("/api/v1/tokens", {"username": "penjawab", "password": BENCH_PASSWORD})
            assert status == 201, body
            client.token = body["token"]
            watched = f"/api/v1/threads/{seeded['thread_id']}/posts"
            quiet = f"/api/v1/threads/{seeded['quiet_id']}/posts"

            def reply(i: int, path: str = watched) -> tuple[float, int]:
                started = time.perf_counter()
                status, body = client.post(path, {"body": f"Balasan nomor {i}: umur, kondisi fisik, dan relevansi."})
                elapsed = time.perf_counter() - started
                assert status == 201, body
                return elapsed, body["id"]

            warm = [reply(-i - 1)[1] for i in range(3)]
            wait_stored(engine, warm, expected)
            baseline = [reply(i, quiet) for i in range(args.replies)]  # the thread's author only: one row each
            wait_stored(engine, [post_id for _s, post_id in baseline], 1)
            timed = [reply(i) for i in range(args.replies)]
            drained = wait_stored(engine, [post_id for _s, post_id in timed], expected, timeout=600)
            deliveries = []
            for i in range(args.deliveries):
                _elapsed, post_id = reply(1000 + i)
                deliveries.append(wait_stored(engine, [post_id], expected))
            counts = {stored(engine, post_id) for _s, post_id in timed}
    finally:
        if worker is not None:
            worker.stop()
        engine.dispose()
    latencies = sorted(s * 1000 for s, _p in timed)
    quiet_latencies = sorted(s * 1000 for s, _p in baseline)
    deliveries.sort()
    return report(args, app, latencies, quiet_latencies, drained, deliveries, counts, expected)


def report(args, app, latencies, quiet_latencies, drained, deliveries, counts, expected) -> int:
    dialect = app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0].split("+")[0]
    queue = "Redis" if args.tasks_url else "SQLite file"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nmachine:   {os.cpu_count()} CPUs (load average {load}), {platform.platform()}, "
          f"Python {platform.python_version()}")
    os.environ.setdefault("JEJARING_ROLE", "web")  # read the settings the server runs with
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    print(f"layout:    gunicorn {args.web_workers} workers x {conf['worker_class']} ({conf.get('threads', 1)} threads "
          f"each); 1 task worker process x {args.queue_workers} threads; queue on {queue}; database {dialect}")
    print(f"\n{'measure':<58}{'n':>6}{'p50':>10}{'p99':>10}{'max':>10}")
    for label, values in ((f"reply request, {args.watchers:,} watchers, worker busy (ms)", latencies),
                          ("reply request, no watchers (baseline, ms)", quiet_latencies)):
        print(f"{label:<58}{len(values):>6}{percentile(values, .5):>10.1f}{percentile(values, .99):>10.1f}"
              f"{values[-1]:>10.1f}")
    print(f"{'every notification of one reply stored, idle queue (s)':<58}{len(deliveries):>6}"
          f"{percentile(deliveries, .5):>10.2f}{'':>10}{deliveries[-1]:>10.2f}")
    print(f"{f'{len(latencies)} back-to-back replies all stored, after the last (s)':<58}{1:>6}{drained:>10.2f}")
    goals = [
        (f"reply p99 < {GOAL_REPLY_P99_MS:.0f} ms", f"{percentile(latencies, .99):.1f} ms",
         percentile(latencies, .99) < GOAL_REPLY_P99_MS),
        (f"every notification stored within {GOAL_DELIVERY_S:.0f} s", f"{deliveries[-1]:.2f} s",
         deliveries[-1] < GOAL_DELIVERY_S),
        (f"each reply notified exactly {expected:,} members", ",".join(map(str, sorted(counts))),
         counts == {expected}),
    ]
    print()
    for name, value, ok in goals:
        print(f"goal: {name:<50}{value:>14}  {'PASS' if ok else 'FAIL'}")
    return 0 if all(ok for _n, _v, ok in goals) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with temporary_directory("jejaring-bench-notify-", keep=args.keep) as instance:
        os.environ["JEJARING_INSTANCE"] = str(instance)
        sys.path.insert(0, str(ROOT))
        try:
            return run(args, instance)
        finally:
            if args.keep:
                print(f"kept {instance}")


if __name__ == "__main__":
    clean_up_when_stopped()
    sys.exit(main())
