"""Production settings for gunicorn: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Everything can be overridden from the environment (or the command line).
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
# Two kinds of process (README, production deployment):
# - live (and "all", the default for a small site): one gevent worker per process holds thousands
#   of Socket.IO connections. Long-polling needs every request of a client to reach the same
#   process, so scale out with more processes behind a sticky proxy, not more workers.
# - web: pages and the JSON API only (the proxy sends /socket.io/ elsewhere). Page rendering is
#   CPU work, where gevent's greenlets serve keep-alive clients unfairly (long tails), so these
#   run plain sync workers, one per core, behind the buffering proxy.
role = os.environ.get("JEJARING_ROLE", "all")
if role not in ("all", "live", "web"):
    raise RuntimeError(f"JEJARING_ROLE must be all, live or web, got {role!r}")
_web = role == "web"
# Processes with live rooms run exactly one worker, whatever WEB_CONCURRENCY says: a second worker
# would take some of a client's long-polling requests and answer them "unknown session".
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1) if _web else 1
# gunicorn's control socket (gunicornc) defaults to one path per user, so the README's three
# processes would fight over one socket: off, unless GUNICORN_CONTROL_SOCKET gives this process its own.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync" if _web else "gevent")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))  # gthread only
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "2000"))
keepalive = 5
timeout = 30
# Time for requests in flight at a stop. Live connections are cut at once (post_worker_init); in a
# gevent process what remains is short requests, and any WebSocket handler that outlives the cut
# (seen before late arrivals were cut too) must not hold a restart long.
graceful_timeout = 20 if _web else 5
# Recycling workers guards against slow leaks; 0 (the default) turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["JEJARING_ENV=production"] + (["SOCKETIO_ASYNC_MODE=gevent"] if worker_class == "gevent" else [])


def _run_jobs_here(worker):
    """Without Redis the task queue is a SQLite file, and the serving processes run its jobs themselves.

    With Redis (TASKS_URL or SOCKETIO_MESSAGE_QUEUE), `flask --app wsgi worker` processes do instead.
    Several processes may consume one SQLite queue: each job is taken once, and the periodic ones are
    keyed, so a second consumer never sends a mail twice.
    """
    from forum import tasks

    app = worker.wsgi
    if getattr(app, "config", None) is not None and tasks.start_in_process(app):
        worker.log.info("running the task queue's jobs in this process")


def post_worker_init(worker):
    """Run the queue's jobs here when no worker process does; with live rooms, cut them fast at a stop.

    A stopping gevent worker waits up to graceful_timeout for its open requests, and a
    WebSocket stays open as long as its client does: without this a restart would keep
    every live client on a process that is going away for the whole grace time.
    """
    _run_jobs_here(worker)
    if worker.cfg.worker_class_str != "gevent":
        return
    import gevent

    from forum.live.runtime import cut, shutdown

    def watch():
        while worker.alive:
            gevent.sleep(0.2)
        closed = shutdown(worker.wsgi)
        worker.log.info("closed %d live connections for the restart", closed)
        while True:  # until the process exits: clients that came back before the listener closed
            gevent.sleep(0.2)
            cut()

    gevent.spawn(watch)
