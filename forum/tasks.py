"""The task queue: jobs that run outside the request (mail, digests, fan-out).

Built on Huey. Capabilities declare their jobs in their own ``jobs.py``::

    from forum.tasks import job, periodic

    @job(retries=5, retry_delay=30)
    def send_mail(message_id: int) -> None: ...

    @job(priority=PRIORITY_PROMPT)  # taken before waiting mail: people see it in the page at once
    def notify(post_id: int) -> None: ...

    @periodic(minute="*")
    def send_due_mail() -> None: ...

and queue them with ``send_mail(42)`` (or ``enqueue_after_commit(send_mail, 42)``
inside a :func:`forum.database.write`, so a job never runs about data that was
rolled back). Each job runs in a fresh application context of the app that
configured the queue, with its own database session.

Where the queue lives (``init_app``):

- ``TASKS_URL`` names a Redis (``redis://...``), or, when unset,
  ``SOCKETIO_MESSAGE_QUEUE`` does: jobs go to Redis and ``flask --app wsgi
  worker`` processes run them (the production layout).
- Otherwise a SQLite file under ``instance/`` (``TASKS_SQLITE_PATH``) holds
  the queue, and the web process runs a consumer thread of its own
  (:func:`start_in_process`), so ``make run`` needs nothing else started.
- ``TASKS_IMMEDIATE`` (on under testing) runs each job at once, in the caller's
  thread; a scheduled one waits in memory until :func:`run_scheduled` runs it.

A queue that cannot be reached (Redis down) never loses a job: it runs in the
caller's thread instead, and the log says so.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path

from flask import Flask
from huey import Huey, crontab
from huey import signals as huey_signals
from huey.storage import MemoryStorage, PriorityRedisStorage, SqliteStorage

from forum.database import after_commit

__all__ = ["huey", "job", "periodic", "enqueue_after_commit", "init_app", "start_in_process", "run_scheduled",
           "run_worker", "PRIORITY_PROMPT"]

log = logging.getLogger(__name__)

# Jobs whose result people wait for in the page (notifications' fan-out) go before the rest (mail, digests).
PRIORITY_PROMPT = 10

# Jobs register on this one instance when their modules are imported; init_app gives it its storage.
huey = Huey("jejaring", storage_class=MemoryStorage, utc=True, results=False)
_app: Flask | None = None
_consumer = None
_consumer_lock = threading.Lock()


def _in_app_context(func):
    """Run ``func`` inside a new application context of the configured app (own session, own locale)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        if _app is None:
            raise RuntimeError("forum.tasks.init_app(app) was never called")
        with _app.app_context():
            return func(*args, **kwargs)

    return run


def job(**options):
    """Declare a background job: ``@job(retries=3, retry_delay=60)``; Huey's task options."""

    def decorate(func):
        return _Queued(huey.task(**options)(_in_app_context(func)))

    return decorate


def periodic(**schedule):
    """Declare a job that runs on a schedule: ``@periodic(minute="*/5")`` (crontab fields, UTC)."""

    def decorate(func):
        return huey.periodic_task(crontab(**schedule))(_in_app_context(func))

    return decorate


class _Queued:
    """A job's handle: calling it queues the job (or runs it at once when the queue is unreachable)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper
        functools.update_wrapper(self, wrapper.func)

    def __call__(self, *args, **kwargs):
        try:
            return self.wrapper(*args, **kwargs)
        except Exception as error:  # the queue's storage: a Redis that is down, a locked SQLite file
            if huey.immediate or not _storage_error(error):
                raise
            log.warning("task queue unreachable (%s): running %s in this process", error, self.wrapper.name)
            return self.wrapper.call_local(*args, **kwargs)

    def schedule(self, args=(), kwargs=None, delay=None, eta=None):
        """Queue the job to run after ``delay`` seconds (or at ``eta``, a UTC datetime)."""
        return self.wrapper.schedule(args=args, kwargs=kwargs, delay=delay, eta=eta)

    def call_local(self, *args, **kwargs):
        """Run the job now, in this thread (its app context included)."""
        return self.wrapper.call_local(*args, **kwargs)


def _storage_error(error: Exception) -> bool:
    import sqlite3

    from redis.exceptions import RedisError

    return isinstance(error, RedisError | sqlite3.OperationalError | OSError)


class _SqliteQueue(SqliteStorage):
    """Huey's SQLite storage with ``synchronous=NORMAL``, as the forum's own database has (forum.database).

    In WAL mode that survives a crashed or killed process; only a power cut can lose the last
    commits. The default (FULL) syncs the disk at every job queued: about 10 ms added to each reply.
    """

    def _create_connection(self):
        conn = super()._create_connection()
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn


def enqueue_after_commit(queued, *args, **kwargs) -> None:
    """Queue ``queued(*args, **kwargs)`` once the current write commits; never when it rolls back."""
    after_commit(lambda: queued(*args, **kwargs))


def init_app(app: Flask) -> None:
    """Give the queue its storage from the app's settings, and remember the app jobs run in."""
    global _app
    _app = app
    url = app.config["TASKS_URL"]
    name = app.config["TASKS_NAME"]  # deployments (and test runs) sharing a Redis keep their queues apart
    immediate = app.config["TASKS_IMMEDIATE"]
    huey.immediate = immediate
    if immediate:
        huey.storage = MemoryStorage(huey.name)
    elif url.startswith(("redis://", "rediss://", "unix://")):
        # A Redis that is down must not hold a request for long: fail fast, then run the job here.
        from redis import ConnectionPool

        pool = ConnectionPool.from_url(url, socket_connect_timeout=1, socket_timeout=5)
        # The priority variant (a sorted set): a job with a higher ``priority`` goes first, on Redis as on SQLite.
        huey.storage = PriorityRedisStorage(name, connection_pool=pool)
    else:
        from forum.config import INSTANCE

        path = Path(app.config["TASKS_SQLITE_PATH"] or INSTANCE / "tasks.sqlite")  # beside the database
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage = _SqliteQueue(name, filename=str(path), timeout=10)
    _import_jobs()


def _import_jobs() -> None:
    """Import every capability's ``jobs.py`` so their jobs are registered before any is queued or run."""
    from importlib import import_module
    from importlib.util import find_spec

    from forum import CAPABILITIES

    for name in CAPABILITIES:
        module = f"forum.{name}.jobs"
        if find_spec(module) is not None:
            import_module(module)


@huey.signal(huey_signals.SIGNAL_ERROR)
def _log_failure(signal, task, exc=None):
    """A job that failed: with retries left Huey tries again later; without, say so with the reason."""
    if task.retries:
        log.warning("job %s (%s) failed, %d retries left: %s", task.name, task.id, task.retries, exc)
    else:
        log.error("job %s (%s) failed for good: %r", task.name, task.id, exc)


def _make_consumer(workers: int):
    # An idle consumer polls the SQLite queue with a growing pause: capped at one second (Huey's default
    # is ten), so a notification or a mail waits at most that long; a Redis queue blocks on its list instead.
    return huey.create_consumer(workers=workers, worker_type="thread", periodic=True, check_worker_health=True,
                                max_delay=1.0)


def start_in_process(app: Flask, workers: int = 1) -> bool:
    """Run a consumer in this process's threads (the embedded default); False when workers do it instead.

    The consumer's signal handling is left out: the web server keeps its own
    (Ctrl-C stops the development server, and the daemon threads with it).
    """
    global _consumer
    if not app.config["TASKS_IN_PROCESS"] or huey.immediate:
        return False
    with _consumer_lock:
        if _consumer is None:
            _consumer = _make_consumer(workers)
            _consumer.scheduler.start()
            for _worker, thread in _consumer.worker_threads:
                thread.start()
            log.info("task queue: running jobs in this process (%d worker thread)", workers)
    return True


def stop_in_process() -> None:
    """Stop the in-process consumer, letting a running job finish."""
    global _consumer
    with _consumer_lock:
        if _consumer is not None:
            _consumer.stop(graceful=True)
            _consumer = None


def run_worker(workers: int = 2) -> None:
    """``flask --app wsgi worker``: run the queue's consumer until SIGINT or SIGTERM (graceful)."""
    _make_consumer(workers).run()


def run_scheduled(until=None) -> int:
    """Under ``TASKS_IMMEDIATE``: run every scheduled job due by ``until`` (a UTC datetime; default now)."""
    timestamp = until if until is not None else huey._get_timestamp()
    due = huey.read_schedule(timestamp)
    for task in due:
        huey.execute(task, timestamp)
    return len(due)
