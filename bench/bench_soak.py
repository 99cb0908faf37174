"""Soak: simulated members against the README's production layout for minutes, watching latency, errors and memory.

The layout (``bench/layout.py``): one ``web`` gunicorn (sync workers), two
``live`` gunicorns (one gevent worker each), a private PostgreSQL (``initdb``
on its own port) and a private ``redis-server`` as Socket.IO message queue and
rate-limit storage (rate limits on; every member is its own address behind the
proxy through ``X-Forwarded-For``). Each of ``--members`` members loops, with
0.3-1.2 s of thinking between steps: the category index, a category's thread
list, a thread page (pages as a guest reads them), the thread through the API
and a search (as the member, bearer token), now and then a reply, and a message
in the open live room over Socket.IO (members spread over both live
processes, catching up as ``static/js/live.js`` does).

Printed per minute: HTTP requests, p50 / p99 latency, answers 5xx (or none),
other non-2xx answers, live messages sent / delivered to the others, and the
RSS (``VmRSS`` from ``/proc/PID/status``, master and workers together) of each
server process. Then the verdict against the goals: p99 under 1 s in every
minute, 0 answers 5xx, and memory flat after the first minute, judged as each
process's RSS at the end growing less than 10% over its RSS at the end of
minute 1.

    make bench-soak
    .venv/bin/python bench/bench_soak.py --minutes 2 --members 20

The exit status is 0 when every goal is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_faults import Http, goal, table  # noqa: E402
from common import ROOT, clean_up_when_stopped, percentile, temporary_directory  # noqa: E402

GOAL_P99_S = 1.0
GOAL_GROWTH = 0.10  # RSS at the end over RSS after minute 1
QUERIES = ("katalog", "perpustakaan", "balasan", "utas", "koleksi digital")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long the members keep going (default 5)")
    parser.add_argument("--members", type=int, default=50, help="simulated members (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.members < 2:
        parser.error("--minutes must be positive and --members at least 2")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with temporary_directory("jejaring-bench-soak-", keep=args.keep) as workdir:
        os.environ["JEJARING_INSTANCE"] = str(workdir)
        from layout import Layout, LiveMember, rss_kib

        print(f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}, {args.members} members, "
              f"{args.minutes:g} minutes", flush=True)
        with Layout(workdir, members=args.members, rate_limits=True) as lay:
            samples: list[tuple[float, float, int]] = []  # (sent, seconds, status)
            lock = threading.Lock()
            stop = threading.Event()
            sent_live: list[tuple[int, str]] = []  # (member, body)
            no_answer: Counter[str] = Counter()
            retried = [0]
            members = []
            for n in range(args.members):
                username, token = lay.accounts[1 + n]
                members.append(LiveMember(lay.live[n % 2].base, token, lay.session_id, username).connect())

            def member(n: int) -> None:
                rng = random.Random(n)
                _username, token = lay.accounts[1 + n]
                guest = Http(lay.web.port, headers={"X-Forwarded-For": f"10.1.{n // 250}.{n % 250 + 1}"})
                api = Http(lay.web.port, token, headers={"X-Forwarded-For": f"10.1.{n // 250}.{n % 250 + 1}"})
                step = 0
                while not stop.is_set():
                    step += 1
                    thread_id = rng.choice(lay.thread_ids)
                    plan = [(guest, "GET", "/", None), (guest, "GET", "/c/teknologi-informasi", None),
                            (guest, "GET", f"/t/{thread_id}", None), (api, "GET", f"/api/v1/threads/{thread_id}", None),
                            (api, "GET", f"/api/v1/search?q={rng.choice(QUERIES).replace(' ', '+')}", None)]
                    if step % 3 == 0:
                        plan.append((api, "POST", f"/api/v1/threads/{thread_id}/posts",
                                     {"body": f"Balasan anggota {n}, langkah {step}."}))
                    for conn, method, path, body in plan:
                        if stop.is_set():
                            break
                        sent = time.monotonic()
                        status, _payload, seconds = conn.request(method, path, body)
                        with lock:
                            samples.append((sent, seconds, status))
                            if status == 0:
                                no_answer[f"{'page' if conn is guest else 'api'} {method}: {conn.last_error}"] += 1
                        time.sleep(rng.uniform(0.3, 1.2))
                    if not stop.is_set():
                        text = f"soak {n} {step}"
                        with lock:
                            sent_live.append((n, text))
                        members[n].say(text)
                with lock:
                    retried[0] += guest.retries + api.retries
                guest.close()
                api.close()

            started = time.monotonic()
            workers = [threading.Thread(target=member, args=(n,), daemon=True) for n in range(args.members)]
            for worker in workers:
                worker.start()
            rss_rows: list[dict[str, int]] = []
            minutes = max(1, round(args.minutes))
            minute_s = args.minutes * 60 / minutes
            for m in range(1, minutes + 1):
                time.sleep(max(0.0, started + m * minute_s - time.monotonic()))
                rss_rows.append({name: sum(rss_kib(p) for p in pids) for name, pids in lay.pids().items()})
                with lock:
                    done = len(samples)
                print(f"  minute {m}: {done} requests so far", flush=True)
            stop.set()
            for worker in workers:
                worker.join(timeout=30)
            time.sleep(3)  # the last live deliveries
            for live_member in members:
                live_member.close()
            logs = {s.log.name: {word: s.log.read_text(errors="replace").count(word)
                                 for word in ("Traceback", "WORKER TIMEOUT", "Booting worker")} for s in lay.servers}

    by_minute: list[list] = []
    bodies_seen = [set(lm.bodies.values()) for lm in members]
    for m in range(minutes):
        lo, hi = started + m * minute_s, started + (m + 1) * minute_s
        picked = [s for s in samples if lo <= s[0] < hi]
        times = sorted(s[1] for s in picked)
        errors = sum(1 for s in picked if s[2] >= 500 or s[2] == 0)
        other = sum(1 for s in picked if 300 <= s[2] < 500)
        by_minute.append([m + 1, len(picked), percentile(times, 0.5) * 1000, percentile(times, 0.99) * 1000,
                          errors, other] + [round(rss_rows[m].get(k, 0) / 1024, 1) for k in ("web", "live-1", "live-2")])
    table("per minute (latency of HTTP requests; RSS in MiB of each server, master + workers, at the minute's end)",
          ["minute", "requests", "p50 ms", "p99 ms", "5xx/none", "other 3xx/4xx", "web MiB", "live-1 MiB",
           "live-2 MiB"], by_minute)
    statuses = Counter(s[2] for s in samples)
    print(f"\n  answers: {dict(sorted(statuses.items()))}")
    print(f"  GETs sent again on a new connection after the server closed an idle keep-alive one: {retried[0]}")
    for reason, count in no_answer.most_common(5):
        print(f"  no answer x{count}: {reason}")
    delivered = sum(1 for n, text in sent_live for k, seen in enumerate(bodies_seen) if k != n and text in seen)
    expected = len(sent_live) * (len(members) - 1)
    live_errors = Counter(str(e.get("code")) if isinstance(e, dict) else str(e) for lm in members for e in lm.errors)
    print(f"  live: {len(sent_live)} messages sent, {delivered} of {expected} deliveries to the other members; "
          f"errors {dict(live_errors) or 'none'}")
    print(f"  tracebacks in the server logs: {logs}")
    growth = {k: (rss_rows[-1][k] - rss_rows[0][k]) / rss_rows[0][k] for k in rss_rows[0] if rss_rows[0][k]}
    print("  RSS growth from the end of minute 1 to the end: "
          + ", ".join(f"{k} {v:+.1%}" for k, v in growth.items()))
    met = goal(all(r[3] < GOAL_P99_S * 1000 for r in by_minute), "p99 under 1 s in every minute")
    met &= goal(all(r[4] == 0 for r in by_minute), "0 answers 5xx (or no answer)")
    if minutes >= 2:
        met &= goal(all(v < GOAL_GROWTH for v in growth.values()),
                    f"memory flat after minute 1: each process grew under {GOAL_GROWTH:.0%}")
    else:
        print("  (memory flatness needs at least 2 minutes)")
    met &= goal(delivered == expected, "every live message reached every other member")
    print(f"\n{'every goal met' if met else 'some goals MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    clean_up_when_stopped()
    sys.exit(main())
