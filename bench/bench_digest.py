"""Digest benchmark: the daily digest of 5,000 members, built and handed to a real SMTP server.

For each database (a temporary SQLite file, and PostgreSQL when ``--postgresql URL``
names one; that database is emptied first) it:

1. migrates and seeds, in a subprocess: ``--members`` members who all chose the daily
   digest, spread over the regions; a year of history (threads and posts by those
   members, so each has categories of their own); and yesterday's news: threads with
   replies and unanswered ones in every category, plus a private mentorship thread
   busier than any of them;
2. starts an SMTP server (aiosmtpd, in a subprocess of its own) on a loopback port that
   counts what it receives and checks no message names the private thread;
3. runs ``send_digests("daily")`` in a fresh subprocess with jobs run in place, so the
   time covers reading the board, rendering every mail in its member's language,
   storing it and sending it over SMTP; the subprocess's peak memory is its
   ``ru_maxrss`` (the whole process: Python, the app and the run);
4. runs it again for the same period: nothing more may be sent.

Goals (issue 9): 5,000 digests built and handed to SMTP within 60 s, under 500 MB;
every one received once; none naming the private thread. Exit status 0 when every goal
is met.

    .venv/bin/python bench/bench_digest.py
    .venv/bin/python bench/bench_digest.py --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ROOT, clean_up_when_stopped, free_port, temporary_directory  # noqa: E402

sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 60.0
GOAL_MB = 500.0
PRIVATE_TITLE = "Rencana belajar pribadi (bench)"
FIRST = ["Rina", "Budi", "Sari", "Agus", "Dewi", "Fajar", "Intan", "Yusuf", "Lestari", "Hendra", "Wulan", "Rizki"]
LAST = ["Marlina", "Santoso", "Dewi", "Saputra", "Lestari", "Pratama", "Hasibuan", "Siregar", "Nasution"]
WORDS = ["katalog", "SLiMS", "OPAC", "literasi", "koleksi", "pengadaan", "sirkulasi", "anggota", "RFID",
         "perpustakaan", "desa", "sekolah", "digital", "layanan", "referensi", "promosi", "anak", "DDC"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--postgresql", default=os.environ.get("BENCH_POSTGRESQL_URL", ""),
                        help="a PostgreSQL database to use as well (emptied first)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # Internal steps, each run in a subprocess of its own.
    parser.add_argument("--seed", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--digest", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--smtp-server", metavar="COUNT_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# -- step 1: seeding -----------------------------------------------------------------------

def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def seed(url: str, members: int) -> None:
    from common import migrated_app
    from sqlalchemy import insert, select

    from forum import demo
    from forum.accounts.models import Region, User
    from forum.board.models import Category, Post, Thread, thread_members
    from forum.extensions import db

    rng = random.Random(9)
    app = migrated_app(url, {"TASKS_IMMEDIATE": True})
    now = datetime.now(UTC)
    with app.app_context():
        demo.load_reference()
        with db.engine.begin() as conn:
            regions = list(conn.scalars(select(Region.id)))
            categories = list(conn.scalars(select(Category.id).where(Category.slug != "mentoring")))
            mentoring = conn.scalar(select(Category.id).where(Category.slug == "mentoring"))
            people = []
            for i in range(members):
                name = f"{rng.choice(FIRST).lower()}{i}"
                people.append({"username": name, "username_key": name, "email": f"{name}@contoh.id",
                               "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "password_hash": "-",
                               "role": "member", "region_id": rng.choice(regions), "institution": "", "bio": "",
                               "locale": "en" if i % 5 == 0 else None, "timezone": "Asia/Jakarta",
                               "suspended": False, "session_version": 1, "post_count": 0,
                               "created_at": now - timedelta(days=500), "email_notifications": "daily"})
            users = list(conn.execute(insert(User.__table__).returning(User.id, sort_by_parameter_order=True),
                                      people).scalars())
            plans = []  # (category, author, title, private, [(author, when)])
            for _ in range(1500):  # a year of history: each member posted somewhere
                start = now - timedelta(days=rng.uniform(3, 365))
                posts = [(rng.choice(users), start + timedelta(hours=h)) for h in range(rng.randint(1, 12))]
                plans.append((rng.choice(categories), posts[0][0], words(rng, 6), False, posts))
            for category in categories:  # yesterday: busy threads and unanswered questions everywhere
                for _ in range(8):
                    start = now - timedelta(hours=rng.uniform(12, 23))
                    posts = [(rng.choice(users), start + timedelta(minutes=10 * n)) for n in range(rng.randint(2, 30))]
                    plans.append((category, posts[0][0], words(rng, 6), False, posts))
                for _ in range(6):
                    when = now - timedelta(hours=rng.uniform(1, 23))
                    author = rng.choice(users)
                    plans.append((category, author, words(rng, 6) + "?", False, [(author, when)]))
            pair = users[:2]
            start = now - timedelta(hours=20)
            plans.append((mentoring, pair[0], PRIVATE_TITLE, True,
                          [(pair[n % 2], start + timedelta(minutes=n)) for n in range(60)]))
            threads = [{"category_id": c, "author_id": a, "title": t, "private": p, "created_at": posts[0][1],
                        "last_post_at": posts[-1][1], "post_count": len(posts), "locked": False, "pinned": False,
                        "revision": 0} for c, a, t, p, posts in plans]
            ids = list(conn.execute(insert(Thread.__table__).returning(Thread.id, sort_by_parameter_order=True),
                                    threads).scalars())
            rows = []
            for thread_id, (_c, _a, _t, _p, posts) in zip(ids, plans, strict=True):
                for number, (author, when) in enumerate(posts, start=1):
                    body = words(rng, 25)
                    rows.append({"thread_id": thread_id, "number": number, "author_id": author, "body": body,
                                 "html": f"<p>{body}</p>", "created_at": when})
            for start_at in range(0, len(rows), 5000):
                conn.execute(insert(Post.__table__), rows[start_at:start_at + 5000])
            conn.execute(insert(thread_members), [{"thread_id": ids[-1], "user_id": u} for u in pair])
        db.engine.dispose()
    print(json.dumps({"members": members, "threads": len(threads), "posts": len(rows)}))


# -- step 2: the SMTP server ---------------------------------------------------------------

def smtp_server(count_file: str, port: int) -> None:
    """Count messages (and those naming the private thread) until stopped; the counts go to ``count_file``."""
    import signal

    from aiosmtpd.controller import Controller

    counts = {"received": 0, "private": 0, "bytes": 0}

    class Counter:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            counts["received"] += 1
            counts["bytes"] += len(envelope.original_content)
            if PRIVATE_TITLE.encode() in envelope.original_content:
                counts["private"] += 1
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        time.sleep(0.1)
    controller.stop()
    Path(count_file).write_text(json.dumps(counts))


# -- step 3: the digest run ----------------------------------------------------------------

def digest(url: str, port: int) -> None:
    from forum import create_app
    from forum.notifications.digests import send_digests

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TASKS_IMMEDIATE": True, "MAIL_SERVER": "127.0.0.1",
                      "MAIL_PORT": port, "SITE_URL": "https://jejaring.example.org"})
    with app.app_context():
        from forum.extensions import db

        db.session.execute(db.select(1))  # connect first: the run measured is the digest's
        db.session.rollback()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        started = time.perf_counter()
        first = send_digests("daily")
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
        started = time.perf_counter()
        again = send_digests("daily")
        again_seconds = time.perf_counter() - started
    print(json.dumps({"mails": first, "seconds": seconds, "cpu": cpu, "peak_mb": peak / 1024, "before_mb": before / 1024,
                      "again": again, "again_seconds": again_seconds}))


# -- the whole benchmark ---------------------------------------------------------------------

def run_step(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT,
                            env=os.environ.copy(), check=False)
    if result.returncode != 0:
        raise SystemExit(f"step {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(label: str, url: str, members: int, instance: Path) -> dict:
    print(f"{label}: seeding {members:,} members ...", flush=True)
    seeded = run_step("--seed", url, "--members", str(members))
    port = free_port()
    count_file = instance / f"smtp-{label}.json"
    server = subprocess.Popen([sys.executable, __file__, "--smtp-server", str(count_file), "--smtp-port", str(port)],
                              stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert server.stdout.readline().strip() == "ready"
        print(f"{label}: daily digest ...", flush=True)
        result = run_step("--digest", url, "--smtp-port", str(port))
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = json.loads(count_file.read_text())
    return {"label": label, **seeded, **result, **counts}


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.seed:
        seed(args.seed, args.members)
        return 0
    if args.smtp_server:
        smtp_server(args.smtp_server, args.smtp_port)
        return 0
    if args.digest:
        digest(args.digest, args.smtp_port)
        return 0
    with temporary_directory("jejaring-bench-digest-", keep=args.keep) as instance:
        os.environ["JEJARING_INSTANCE"] = str(instance)  # the subprocesses' secret key and task files
        targets = [("sqlite", f"sqlite:///{instance / 'digest.db'}")]
        if args.postgresql:
            targets.append(("postgresql", args.postgresql))
        results = [measure(label, url, args.members, instance) for label, url in targets]
    print(f"\nmachine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; {args.members:,} members on the "
          f"daily digest, SMTP: aiosmtpd on loopback (another process)")
    print(f"\n{'database':<12}{'posts':>8}{'mails':>7}{'received':>10}{'seconds':>9}{'CPU s':>7}{'mails/s':>9}"
          f"{'peak MB':>9}{'again':>7}{'again s':>9}{'private':>9}")
    ok = True
    for r in results:
        print(f"{r['label']:<12}{r['posts']:>8,}{r['mails']:>7,}{r['received']:>10,}{r['seconds']:>9.1f}{r['cpu']:>7.1f}"
              f"{r['mails'] / r['seconds']:>9.0f}{r['peak_mb']:>9.0f}{r['again']:>7}{r['again_seconds']:>9.2f}"
              f"{r['private']:>9}")
    print("seconds: wall clock of the run; CPU s: the digest process's own CPU (the SMTP server's not counted); "
          f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("peak MB: ru_maxrss of the digest's process (app loaded: "
          + ", ".join(f"{r['label']} {r['before_mb']:.0f} MB" for r in results) + ")")
    print()
    for r in results:
        goals = [
            (f"{r['label']}: {r['mails']:,} digests within {GOAL_SECONDS:.0f} s", r["seconds"] <= GOAL_SECONDS),
            (f"{r['label']}: peak memory under {GOAL_MB:.0f} MB", r["peak_mb"] < GOAL_MB),
            (f"{r['label']}: every member with news got one, received once", r["mails"] == args.members
             and r["received"] == r["mails"]),
            (f"{r['label']}: the same period again sends nothing", r["again"] == 0),
            (f"{r['label']}: no mail names the private thread", r["private"] == 0),
        ]
        for name, passed in goals:
            ok &= passed
            print(f"goal: {name:<66}{'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    clean_up_when_stopped()
    sys.exit(main())
