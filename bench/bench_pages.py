"""Page-view benchmark: how fast the forum serves its busiest pages under load.

It seeds a fresh database (50,000 posts in 2,000 threads by default, bodies in
Bahasa Indonesia rendered by ``forum.markup``), starts gunicorn with the
production settings (``gunicorn.conf.py``, ``JEJARING_ENV=production``) on
loopback, and measures, one after the other in the same run and with the same
number of concurrent keep-alive clients:

* ``/healthz``, the floor: one ``SELECT 1`` and a small JSON answer;
* ``/``, the category index;
* ``/c/<slug>``, the first page of the busiest category's thread list;
* ``/t/<id>``, a thread page showing 50 posts;
* ``/search?q=...``, five typical queries in Bahasa Indonesia and English;

first as a guest, then as a signed-in member (a plain member, signed in once
through the real login form; every client then sends that session cookie).

For each it prints requests per second, p50 and p99 latency, the page's
requests per second as a fraction of ``/healthz`` and the CPU milliseconds
per request spent inside the server: the user + system CPU time of the
gunicorn workers (``/proc/<pid>/stat``) over the run divided by the requests
served. On a machine shared with other work the CPU time is much steadier
than requests per second, which depend on what else runs. On PostgreSQL the
database's own work (ranking, ts_headline) runs in its backends, outside the
app: "DB CPU" is their CPU per request (from /proc, when the database runs on
this machine), not part of the CPU goal, which is the app's.

It then checks the goals, for guests and members alike: every page (index,
thread list, thread page, each search) at most 8 ms CPU per request and under
10x the CPU of ``/healthz``, p99 under 100 ms at 8 clients (searches: 50 ms), no errors, and no
database writes caused by page views (row counts, counters and, on SQLite,
``PRAGMA data_version`` and the database and WAL files compared before and
after; on PostgreSQL the rows written by anybody). The exit status is 0 when
every goal is met, 1 otherwise.

The load comes from ``wrk`` when it is installed (``apt-get install wrk``),
else from Python threads using ``http.client``; the output says which, and
the Python generator is itself a bottleneck on small machines.

Run it with ``make bench-pages`` or::

    .venv/bin/python bench/bench_pages.py --help
    .venv/bin/python bench/bench_pages.py --duration 3            # a quick run
    .venv/bin/python bench/bench_pages.py --duration 5 --workers 4 --posts 10000 --threads 500
    .venv/bin/python bench/bench_pages.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench

Searches repeated within ``SEARCH_CACHE_SECONDS`` (10) by readers who see only public
threads share one result, so the five searches measure mostly that cache; run with
``SEARCH_CACHE_SECONDS=0`` in the environment to measure every search running.

A PostgreSQL database given with ``--database-url`` is emptied first (its
``public`` schema is dropped). With ``--keep`` the temporary directory (the
SQLite file, gunicorn's log) stays; every seeded user's password is
``BENCH_PASSWORD``.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import platform
import random
import re
import runpy
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from common import (
    BENCH_PASSWORD,
    HEALTHZ,
    ROOT,
    Server,
    clean_up_when_stopped,
    database_url,
    migrated_app,
    percentile,
    temporary_directory,
)
from flask import Flask
from sqlalchemy import Connection, Table, bindparam, insert, make_url, select, text, update

POSTS_ON_PAGE = 50  # the default POSTS_PER_PAGE: the target thread fills exactly one page
POST_MARKER = 'class="card post"'
USERS = 200
MODERATORS = 5
BODY_POOL = 2_000  # distinct bodies, rendered once each and reused
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0
WARM_UP_SECONDS = 1
GOAL_CPU_MS = 8.0
GOAL_CPU_HEALTHZ = 10.0  # a page's CPU per request under this many times /healthz's
GOAL_P99_MS = 100.0
GOAL_SEARCH_P99_MS = 50.0  # issue 9: search p99 under 50 ms
GOAL_CLIENTS = 8

FIRST_NAMES = ["Rina", "Budi", "Sari", "Agus", "Dewi", "Fajar", "Intan", "Yusuf", "Lestari", "Hendra",
               "Nurul", "Rizky", "Putri", "Andi", "Wulan", "Bayu", "Siti", "Dimas", "Ayu", "Teguh"]
LAST_NAMES = ["Siregar", "Nasution", "Saputra", "Wijaya", "Lubis", "Harahap", "Rahmawati", "Pratama",
              "Hidayat", "Kusuma", "Chaniago", "Piliang", "Tanjung", "Sembiring", "Gunawan"]
INSTITUTIONS = ["Perpustakaan Umum Kota Bukittinggi", "SMA Negeri 1 Padang", "Universitas Andalas",
                "Perpustakaan Desa Koto Baru", "Dinas Perpustakaan dan Kearsipan Kabupaten Agam",
                "UIN Imam Bonjol Padang", "SD Negeri 05 Payakumbuh", ""]
SUBJECTS = ["Perpustakaan kami", "Tim layanan referensi", "Kepala perpustakaan", "Pustakawan sekolah di sini",
            "Bagian pengolahan", "Perpustakaan daerah", "Teman-teman di komunitas", "Mahasiswa magang",
            "Pengunjung anak-anak", "Dinas kearsipan"]
VERBS = ["sudah mencoba", "sedang menyiapkan", "belum sempat mengevaluasi", "akhirnya memperbaiki",
         "ingin memperluas", "rutin memantau", "baru saja memindahkan", "masih kesulitan mengatur",
         "berhasil menyederhanakan", "perlu meninjau ulang"]
OBJECTS = ["katalog digital berbasis SLiMS", "program literasi untuk anak", "koleksi muatan lokal",
           "layanan referensi daring", "jadwal bercerita akhir pekan", "data peminjaman bulanan",
           "klasifikasi DDC untuk buku agama", "penyiangan koleksi lama", "pelatihan literasi informasi",
           "pojok baca di kantor desa", "repositori karya ilmiah", "kerja sama dengan sekolah dasar",
           "anggaran pengadaan buku", "survei kepuasan pengguna", "akses e-book lewat aplikasi"]
TAILS = ["sejak awal tahun ini.", "dengan anggaran yang sangat terbatas.", "bersama relawan dari kampus.",
         "karena permintaan pengguna terus naik.", "tanpa tambahan staf.",
         "sesuai saran dari pertemuan bulan lalu.", "dan hasilnya cukup menggembirakan.",
         "walaupun jaringan internet sering putus.", "agar laporan akhir tahun lebih rapi.",
         "supaya pengunjung lebih mudah menemukan buku."]
QUESTIONS = ["Ada yang punya pengalaman serupa?", "Bagaimana menurut rekan-rekan?",
             "Mohon masukan dari yang sudah pernah mencoba.", "Apakah ada contoh format yang bisa dibagikan?"]
LIST_ITEMS = ["mencatat semua kebutuhan pengguna", "membuat jadwal piket", "mengecek ulang data katalog",
              "menghubungi mitra di dinas pendidikan", "menyiapkan formulir sederhana",
              "mengunggah laporan ke grup WhatsApp"]
# Typical searches (issue 9): a common word, a stemmed one (perpustakaan is indexed as pustaka), a phrase,
# an exclusion and an OR; each finds thousands of the seeded posts.
SEARCHES = ["katalog", "perpustakaan digital", '"literasi informasi"', "slims -koha", "pustaka OR arsip"]
SIGNED_IN_MARKER = 'action="/logout"'
TITLE_STARTS = ["Pengalaman mengelola", "Bagaimana cara memperbaiki", "Tips memulai", "Diskusi: evaluasi",
                "Minta saran soal", "Catatan tentang", "Kendala dalam", "Berbagi hasil"]


# -- command line ----------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--posts", type=int, default=50_000, help="posts to seed (default 50000)")
    parser.add_argument("--threads", type=int, default=2_000, help="threads to seed (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent keep-alive clients (default 8)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--database-url", help="default: a new SQLite file in the temporary directory; "
                        "a postgresql+psycopg:// database is emptied first")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    for name in ("threads", "concurrency", "duration", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.posts < args.threads - 1 + POSTS_ON_PAGE:
        parser.error(f"--posts must be at least --threads + {POSTS_ON_PAGE - 1}: "
                     f"one thread gets {POSTS_ON_PAGE} posts, every other thread at least one")
    return args


# -- database --------------------------------------------------------------------

@dataclass
class ThreadPlan:
    category_id: int
    author_id: int
    title: str
    post_times: list[datetime]


@dataclass
class Seeded:
    users: int
    threads: int
    posts: int
    target_thread_id: int
    busiest_slug: str
    member: str  # the username of a plain member (not a moderator) to sign in as
    seconds: float


def seed(app: Flask, n_threads: int, n_posts: int) -> Seeded:
    """Reference data, users, threads and posts, and every counter set as the services would."""
    from forum import demo
    from forum.accounts.models import Region, User
    from forum.accounts.services import hash_password
    from forum.board.models import Category, Post, Thread
    from forum.extensions import db

    started = time.perf_counter()
    rng = random.Random(42)
    with app.app_context():
        demo.load_reference()
        with db.engine.begin() as conn:
            region_ids = list(conn.scalars(select(Region.id).order_by(Region.id)))
            slugs = dict(conn.execute(select(Category.id, Category.slug).order_by(Category.position)).all())
            people = user_rows(rng, region_ids, hash_password(BENCH_PASSWORD))
            users = insert_ids(conn, User.__table__, people)
            plans = plan_threads(rng, list(slugs), users, n_threads, n_posts)
            thread_ids = insert_ids(conn, Thread.__table__, [thread_row(p) for p in plans])
            posts = post_rows(rng, plans, thread_ids, users, body_pool(rng))
            post_ids = insert_ids(conn, Post.__table__, posts)
            set_counters(conn, plans, thread_ids, posts, post_ids)
            if conn.dialect.name == "postgresql":
                conn.execute(text("ANALYZE"))  # what autovacuum would do soon: the planner knows the words' counts
        db.engine.dispose()  # on SQLite the last close checkpoints the WAL: the server starts clean
    busiest = Counter(p.category_id for p in plans).most_common(1)[0][0]
    return Seeded(len(users), len(plans), len(posts), thread_ids[0], slugs[busiest],
                  people[MODERATORS + 1]["username"], time.perf_counter() - started)


def insert_ids(conn: Connection, table: Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in batches (one executemany) and return their new ids, in order."""
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(stmt, rows).scalars())


def user_rows(rng: random.Random, region_ids: list[int], password_hash: str) -> list[dict]:
    joined = datetime.now(UTC) - timedelta(days=500)
    rows = []
    for i in range(USERS):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        username = f"{first}.{last}{i}"
        rows.append({
            "username": username, "username_key": username.lower(), "email": f"{username.lower()}@contoh.id",
            "display_name": f"{first} {last}", "password_hash": password_hash,
            "role": "admin" if i == 0 else "moderator" if i <= MODERATORS else "member",
            "region_id": rng.choice(region_ids), "institution": rng.choice(INSTITUTIONS),
            "bio": f"Pustakawan, tertarik pada {rng.choice(OBJECTS)}.", "locale": None,
            "timezone": "Asia/Jakarta", "suspended": False, "session_version": 1, "post_count": 0,
            "created_at": joined + timedelta(hours=i),
        })
    return rows


def thread_sizes(rng: random.Random, n_threads: int, n_posts: int) -> list[int]:
    """Posts per thread: the first (the target) gets one full page, the others share the rest."""
    sizes = [POSTS_ON_PAGE] + [1] * (n_threads - 1)
    others = range(1, n_threads) if n_threads > 1 else range(1)
    for index in rng.choices(others, k=n_posts - sum(sizes)):
        sizes[index] += 1
    return sizes


def plan_threads(rng: random.Random, category_ids: list[int], user_ids: list[int],
                 n_threads: int, n_posts: int) -> list[ThreadPlan]:
    """Threads started over the past year, oldest first, replies hours apart, never in the future."""
    now = datetime.now(UTC)
    starts = sorted(now - timedelta(days=rng.uniform(30, 400)) for _ in range(n_threads))
    # Uneven on purpose, like a real forum: the first category is the busiest.
    weights = [len(category_ids) - i for i in range(len(category_ids))]
    plans = []
    for start, size in zip(starts, thread_sizes(rng, n_threads, n_posts), strict=True):
        gap = min(timedelta(hours=4), timedelta(days=10) / size)  # a thread spans at most ~15 days
        times = [start]
        for _ in range(size - 1):
            times.append(times[-1] + gap * rng.uniform(0.5, 1.5))
        plans.append(ThreadPlan(rng.choices(category_ids, weights)[0], rng.choice(user_ids), title(rng), times))
    return plans


def thread_row(plan: ThreadPlan) -> dict:
    from forum.board.stemming import index_text

    return {
        "category_id": plan.category_id, "author_id": plan.author_id, "title": plan.title,
        "search_title": index_text(plan.title),
        "created_at": plan.post_times[0], "last_post_at": plan.post_times[-1],
        "post_count": len(plan.post_times), "locked": False, "pinned": False,
    }


def post_rows(rng: random.Random, plans: list[ThreadPlan], thread_ids: list[int], user_ids: list[int],
              bodies: list[tuple[str, str, str]]) -> list[dict]:
    """Every post, in the order they were written, so post ids grow with time as on a live forum."""
    rows = []
    for plan, thread_id in zip(plans, thread_ids, strict=True):
        for number, created_at in enumerate(plan.post_times, start=1):
            body, html, search_text = rng.choice(bodies)
            author = plan.author_id if number == 1 else rng.choice(user_ids)
            rows.append({"thread_id": thread_id, "number": number, "author_id": author,
                         "body": body, "html": html, "search_text": search_text, "created_at": created_at})
    rows.sort(key=lambda row: row["created_at"])
    return rows


def set_counters(conn: Connection, plans: list[ThreadPlan], thread_ids: list[int],
                 posts: list[dict], post_ids: list[int]) -> None:
    """Latest posts and counts of threads, categories and users, as the write services keep them."""
    from forum.accounts.models import User
    from forum.board.models import Category, Thread

    category_of = {tid: plan.category_id for tid, plan in zip(thread_ids, plans, strict=True)}
    thread_last: dict[int, int] = {}
    category_last: dict[int, int] = {}
    for post, post_id in zip(posts, post_ids, strict=True):  # oldest first: the last one seen is the latest
        thread_last[post["thread_id"]] = post_id
        category_last[category_of[post["thread_id"]]] = post_id
    threads_in = Counter(plan.category_id for plan in plans)
    posts_in = Counter(category_of[post["thread_id"]] for post in posts)
    by_author = Counter(post["author_id"] for post in posts)

    conn.execute(update(Thread.__table__).where(Thread.id == bindparam("b_id"))
                 .values(last_post_id=bindparam("b_last")),
                 [{"b_id": tid, "b_last": last} for tid, last in thread_last.items()])
    conn.execute(update(Category.__table__).where(Category.id == bindparam("b_id"))
                 .values(thread_count=bindparam("b_threads"), post_count=bindparam("b_posts"),
                         last_post_id=bindparam("b_last")),
                 [{"b_id": cid, "b_threads": threads_in[cid], "b_posts": posts_in[cid], "b_last": last}
                  for cid, last in category_last.items()])
    conn.execute(update(User.__table__).where(User.id == bindparam("b_id"))
                 .values(post_count=bindparam("b_posts")),
                 [{"b_id": uid, "b_posts": count} for uid, count in by_author.items()])


# -- text ------------------------------------------------------------------------

def body_pool(rng: random.Random) -> list[tuple[str, str, str]]:
    """Distinct markdown bodies with their HTML and search text, as the services make them: rendering costs
    ~0.3 ms, so each is rendered (and stemmed) once."""
    from forum import markup
    from forum.board.stemming import index_text

    bodies = [(b, markup.render(b)) for b in (body(rng) for _ in range(BODY_POOL))]
    return [(b, html, index_text(markup.plain_text(html))) for b, html in bodies]


def body(rng: random.Random) -> str:
    """A few hundred characters of markdown: paragraphs, sometimes bold text, a list, a question."""
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.25:
        items = "\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3))
        paragraphs.append(f"Langkah yang kami lakukan:\n\n{items}")
    if rng.random() < 0.4:
        paragraphs.append(rng.choice(QUESTIONS))
    return "\n\n".join(paragraphs)


def sentence(rng: random.Random) -> str:
    thing = rng.choice(OBJECTS)
    if rng.random() < 0.2:
        thing = f"**{thing}**"
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {thing} {rng.choice(TAILS)}"


def title(rng: random.Random) -> str:
    return f"{rng.choice(TITLE_STARTS)} {rng.choice(OBJECTS)}" + ("?" if rng.random() < 0.3 else "")


# -- the server ------------------------------------------------------------------

def page_server(url: str, instance: Path, workers: int, port: int | None) -> Server:
    """gunicorn as a page process (``JEJARING_ROLE=web`` unless set), ``workers`` workers, log in ``instance``."""
    role = os.environ.get("JEJARING_ROLE", "web")  # page processes (README: production deployment)
    return Server(url, instance, port, env={"JEJARING_ROLE": role}, options=["--workers", str(workers)],
                  log=instance / "gunicorn.log", startup_timeout=STARTUP_TIMEOUT, stop_timeout=STOP_TIMEOUT)


def fetch(url: str, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 - our own loopback server
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 - urllib's signature
        return None


def sign_in(base: str, username: str) -> str:
    """Sign in once through the login form (CSRF token and all); the ``Cookie`` header every client then sends."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(base + "/login", timeout=10) as resp:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', resp.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": BENCH_PASSWORD})
    try:
        opener.open(base + "/login", data=form.encode(), timeout=10)
    except urllib.error.HTTPError as exc:  # the 302 to the index, not followed
        if exc.code != 302:
            raise SystemExit(f"signing in as {username} answered {exc.code}, not 302") from None
    else:
        raise SystemExit(f"signing in as {username} did not redirect: wrong password?")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    status, html = fetch(base + "/", cookie)
    if status != 200 or SIGNED_IN_MARKER not in html:
        raise SystemExit(f"signed in as {username}, but / does not show them signed in")
    return cookie


def check_pages(base: str, pages: list[tuple[str, str]], thread_path: str, cookie: str | None) -> None:
    """Every page answers 200, as the right reader, and the thread page really shows a full page of posts."""
    for _, path in pages:
        status, html = fetch(base + path, cookie)
        if status != 200:
            raise SystemExit(f"{path} answered {status}, not 200")
        if path != HEALTHZ and (SIGNED_IN_MARKER in html) != (cookie is not None):
            raise SystemExit(f"{path} was not served to a {'member' if cookie else 'guest'}")
        if path == thread_path and html.count(POST_MARKER) != POSTS_ON_PAGE:
            raise SystemExit(f"{path} shows {html.count(POST_MARKER)} posts, not {POSTS_ON_PAGE}")
        if path.startswith("/search") and 'class="card hit"' not in html:
            raise SystemExit(f"{path} found nothing: the benchmark searches for words the seeded posts contain")


# -- CPU inside the server -------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's children (its workers), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        return [int(pid) for pid in children.read_text().split()]
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{master}\n" in status.read_text():
                found.append(int(status.parent.name))
        except OSError:
            continue
    return found


def server_cpu_seconds(master: int) -> dict[int, float]:
    """User + system CPU seconds of each worker so far (fields 14 and 15 of /proc/<pid>/stat)."""
    found = {}
    for pid in worker_pids(master):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def database_cpu_seconds(conn: Connection) -> dict[int, float] | None:
    """On PostgreSQL (on this machine), the CPU seconds of every other backend connected to this database:
    where ranking and ts_headline run, outside the app. ``None`` on SQLite, which runs inside the app."""
    if conn.dialect.name != "postgresql":
        return None
    pids = list(conn.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND pid <> pg_backend_pid()")))
    conn.commit()
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone, or the database runs elsewhere
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def database_cpu_spent(before: dict[int, float] | None, after: dict[int, float] | None) -> float:
    if before is None or after is None:
        return float("nan")
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    if set(before) != set(after):
        raise SystemExit("a gunicorn worker was replaced during the run: its CPU time is lost; look at the log")
    return sum(after[pid] - before[pid] for pid in after)


# -- load ------------------------------------------------------------------------

@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu_ms: float = float("nan")  # CPU per request inside the server
    db_cpu_ms: float = float("nan")  # PostgreSQL's backends' CPU per request


LoadGenerator = Callable[[str, int, int, str | None], Result]

WRK_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(url: str, clients: int, seconds: int, cookie: str | None) -> Result:
    """``wrk --latency``: requests per second, the 50% and 99% lines, non-2xx and socket errors."""
    command = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return Result(rps, wrk_percentile(out, "50%"), wrk_percentile(out, "99%"), errors, requests)


def wrk_percentile(out: str, line: str) -> float:
    value, unit = re.search(rf"^\s*{line}\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE).groups()
    return float(value) * WRK_UNITS_MS[unit]


def run_python(url: str, clients: int, seconds: int, cookie: str | None) -> Result:
    """``clients`` threads, each with its own keep-alive connection, for ``seconds``."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()  # reconnects on the next request
                continue
            latencies[i].append(time.perf_counter() - started)
            errors[i] += resp.status != 200
        conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    done = sorted(t for per_client in latencies for t in per_client)
    return Result(len(done) / elapsed, percentile(done, 0.50) * 1000, percentile(done, 0.99) * 1000, sum(errors),
                  len(done) + sum(errors))


def load_generator() -> tuple[LoadGenerator, str]:
    if shutil.which("wrk"):
        return run_wrk, "wrk"
    return run_python, "python http.client threads (wrk not installed; the generator may be the bottleneck)"


# -- did page views write? -----------------------------------------------------

FINGERPRINT_SQL = {
    "posts": "SELECT count(*), max(id), max(edited_at) FROM posts",
    "threads": "SELECT count(*), max(id), sum(post_count), sum(last_post_id) FROM threads",
    "users": "SELECT count(*), max(id), sum(post_count), sum(session_version), count(locale) FROM users",
    "api_tokens": "SELECT count(*), max(id) FROM api_tokens",
    "categories": "SELECT count(*), sum(thread_count), sum(post_count), sum(last_post_id) FROM categories",
    "tags": "SELECT count(*), max(id) FROM tags",
    "thread_reads": "SELECT count(*), sum(last_read_post_number) FROM thread_reads",
    "post_reactions": "SELECT count(*) FROM post_reactions",
}
PG_ROWS_WRITTEN = "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"


def fingerprint(conn: Connection, url: str) -> dict[str, object]:
    """Counts and counters, plus what each database can tell about writes by other connections."""
    found: dict[str, object] = {name: tuple(conn.execute(text(sql)).one()) for name, sql in FINGERPRINT_SQL.items()}
    if conn.dialect.name == "sqlite":
        # Changes when another connection commits, as long as this connection stays open.
        found["PRAGMA data_version"] = conn.exec_driver_sql("PRAGMA data_version").scalar()
        database = make_url(url).database
        for path in (Path(database), Path(database + "-wal")):
            stat = path.stat() if path.exists() else None
            found[f"{path.name} (size, mtime)"] = (stat.st_size, stat.st_mtime_ns) if stat else None
    elif conn.dialect.name == "postgresql":
        found["rows written (pg_stat_user_tables)"] = conn.execute(text(PG_ROWS_WRITTEN)).scalar()
    conn.commit()  # end the read transaction: the next look sees the current state
    return found


def changes(before: dict[str, object], after: dict[str, object]) -> list[str]:
    return [f"{key}: {before[key]} -> {after[key]}" for key in before if before[key] != after[key]]


# -- the run ---------------------------------------------------------------------

READERS = ("guest", "member")


def measure(load: LoadGenerator, base: str, pages: list[tuple[str, str]], clients: int, seconds: int,
            cookie: str | None, master: int, conn: Connection) -> dict[str, Result]:
    for _, path in pages:
        load(base + path, clients, WARM_UP_SECONDS, cookie)
    results = {}
    for label, path in pages:
        before, db_before = server_cpu_seconds(master), database_cpu_seconds(conn)
        result = load(base + path, clients, seconds, cookie)
        result.cpu_ms = cpu_spent(before, server_cpu_seconds(master)) * 1000 / max(result.requests, 1)
        result.db_cpu_ms = database_cpu_spent(db_before, database_cpu_seconds(conn)) * 1000 / max(result.requests, 1)
        results[label] = result
        print(f"  measured {label} as a {'member' if cookie else 'guest'}: {result.cpu_ms:.2f} ms CPU/request",
              flush=True)
    return results


def print_table(results: dict[str, dict[str, Result]]) -> None:
    print(f"\n{'page':<44}{'reader':>8}{'CPU ms':>9}{'DB CPU':>9}{'rps':>9}{'p50 ms':>9}{'p99 ms':>9}{'x healthz':>11}"
          f"{'errors':>8}")
    for reader, by_page in results.items():
        floor = by_page[HEALTHZ].rps
        for label, r in by_page.items():
            db_cpu = "-" if r.db_cpu_ms != r.db_cpu_ms else f"{r.db_cpu_ms:.2f}"  # nan: SQLite
            print(f"{label:<44}{reader:>8}{r.cpu_ms:>9.2f}{db_cpu:>9}{r.rps:>9.1f}{r.p50_ms:>9.2f}{r.p99_ms:>9.2f}"
                  f"{r.rps / floor:>11.3f}{r.errors:>8}")
    print("CPU ms: user + system CPU of the gunicorn workers per request served (steadier than rps on a "
          "shared machine);\nDB CPU: on PostgreSQL, its backends' CPU per request (SQLite's is inside CPU ms);\n"
          "rps and latencies also depend on the load generator and whatever else runs.")


def print_goals(results: dict[str, dict[str, Result]], clients: int, writes: list[str]) -> bool:
    at = f"at {clients} clients" + ("" if clients == GOAL_CLIENTS else f" (the goal is stated for {GOAL_CLIENTS})")
    goals = []
    for reader, by_page in results.items():
        floor = by_page[HEALTHZ].cpu_ms
        for label, r in by_page.items():
            if label == HEALTHZ:
                continue
            limit = min(GOAL_CPU_MS, GOAL_CPU_HEALTHZ * floor)
            goals.append((f"{reader}: {label} CPU <= {limit:.2f} ms", f"{r.cpu_ms:.2f} ms", r.cpu_ms <= limit))
            p99 = GOAL_SEARCH_P99_MS if label.startswith("search") else GOAL_P99_MS
            goals.append((f"{reader}: {label} p99 < {p99:.0f} ms", f"{r.p99_ms:.1f} ms", r.p99_ms < p99))
    errors = sum(r.errors for by_page in results.values() for r in by_page.values())
    goals += [("no errors during the load", str(errors), not errors),
              ("page views never write (guests and members)", "none" if not writes else f"{len(writes)} changed",
               not writes)]
    print(f"\ngoals: CPU per request at most {GOAL_CPU_MS:.0f} ms and under {GOAL_CPU_HEALTHZ:.0f}x /healthz, "
          f"p99 {at}")
    for name, value, ok in goals:
        print(f"goal: {name:<70}{value:>12}  {'PASS' if ok else 'FAIL'}")
    print("writes during page views: " + ("none" if not writes else "\n  " + "\n  ".join(writes)))
    return all(ok for _, _, ok in goals)


def print_setup(args: argparse.Namespace, seeded: Seeded, dialect: str, generator: str) -> None:
    os.environ.setdefault("JEJARING_ROLE", "web")  # read the settings the server runs with
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    print(f"machine:   {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}")
    print(f"gunicorn:  {args.workers} workers x {conf['worker_class']} ({conf.get('threads', 1)} threads each), "
          f"gunicorn.conf.py, JEJARING_ROLE={os.environ['JEJARING_ROLE']}, JEJARING_ENV=production")
    print(f"database:  {dialect}; seeded {seeded.posts:,} posts in {seeded.threads:,} threads by {seeded.users} users "
          f"in {seeded.seconds:.1f} s")
    print(f"load:      {generator}; {args.concurrency} clients, {args.duration} s per URL after "
          f"{WARM_UP_SECONDS} s warm-up; guests, then a member ({seeded.member}) signed in once")


def run(args: argparse.Namespace, instance: Path) -> int:
    url = database_url(args.database_url or f"sqlite:///{instance / 'bench.db'}")
    app = migrated_app(url)
    seeded = seed(app, args.threads, args.posts)
    print(f"seeded {seeded.posts:,} posts in {seeded.threads:,} threads in {seeded.seconds:.1f} s", flush=True)
    thread_path = f"/t/{seeded.target_thread_id}"
    pages = [(HEALTHZ, HEALTHZ), ("category index (/)", "/"),
             (f"thread list (/c/{seeded.busiest_slug})", f"/c/{seeded.busiest_slug}"),
             (f"thread page, {POSTS_ON_PAGE} posts ({thread_path})", thread_path)]
    pages += [(f"search {q!r}", "/search?" + urllib.parse.urlencode({"q": q})) for q in SEARCHES]
    load, generator = load_generator()

    from forum.extensions import db

    with page_server(url, instance, args.workers, args.port or None) as server, \
            app.app_context(), db.engine.connect() as conn:
        base = server.base
        cookie = sign_in(base, seeded.member)  # signing in writes its login: before the first look
        # The member's first view records how far they read (forum.board.reads); views after it write nothing.
        fetch(base + thread_path, cookie)
        before = fingerprint(conn, url)
        results = {}
        for reader, reader_cookie in zip(READERS, (None, cookie), strict=True):
            check_pages(base, pages, thread_path, reader_cookie)
            results[reader] = measure(load, base, pages, args.concurrency, args.duration, reader_cookie,
                                      server.proc.pid, conn)
        writes = changes(before, fingerprint(conn, url))
        dialect = conn.dialect.name
    print()
    print_setup(args, seeded, dialect, generator)
    print_table(results)
    return 0 if print_goals(results, args.concurrency, writes) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with temporary_directory("jejaring-bench-", keep=args.keep) as instance:
        # forum.config reads JEJARING_INSTANCE when it is first imported, which is inside run().
        os.environ["JEJARING_INSTANCE"] = str(instance)
        sys.path.insert(0, str(ROOT))
        try:
            return run(args, instance)
        finally:
            if args.keep:
                print(f"kept {instance}")


if __name__ == "__main__":
    clean_up_when_stopped()  # stopped with SIGTERM or SIGHUP: the server and the temporary directory go too
    sys.exit(main())
