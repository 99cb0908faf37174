"""The task queue: jobs run in their own app context, after commit, and survive a worker restart."""

from __future__ import annotations

import time

import pytest
from huey.storage import SqliteStorage

from forum import tasks
from forum.database import write

ran: list = []


@tasks.job()
def remember(value):
    """A job for these tests: records what it was given, and whether it had an app context."""
    from flask import current_app

    ran.append((value, current_app.name))


@pytest.fixture(autouse=True)
def _clear():
    ran.clear()
    yield
    ran.clear()


def test_a_job_runs_in_an_app_context_of_its_own(app):
    remember("x")
    assert ran == [("x", app.name)]


def test_a_job_queued_in_a_write_runs_only_after_the_commit(app):
    with app.app_context():
        with write():
            tasks.enqueue_after_commit(remember, "kept")
            assert ran == []
        assert ran == [("kept", app.name)]
        with pytest.raises(RuntimeError, match="rolled back"), write():
            tasks.enqueue_after_commit(remember, "lost")
            raise RuntimeError("rolled back")
    assert ran == [("kept", app.name)]


def test_a_scheduled_job_waits_for_its_time(app):
    from datetime import timedelta

    remember.schedule(args=("later",), delay=300)
    assert ran == []
    assert tasks.run_scheduled(tasks.huey._get_timestamp()) == 0
    assert tasks.run_scheduled(tasks.huey._get_timestamp() + timedelta(seconds=301)) == 1
    assert ran == [("later", app.name)]


def test_jobs_queued_in_sqlite_survive_until_a_worker_runs_them(make_app, tmp_path, db_url):
    """Queued while no consumer runs (a worker restart): the next consumer runs each exactly once."""
    app = make_app({"SQLALCHEMY_DATABASE_URI": db_url, "TASKS_IMMEDIATE": False, "TASKS_URL": "",
                    "TASKS_SQLITE_PATH": str(tmp_path / "tasks.sqlite"), "TASKS_IN_PROCESS": True})
    try:
        assert isinstance(tasks.huey.storage, SqliteStorage)
        for n in range(3):
            remember(n)
        assert ran == [] and tasks.huey.pending_count() == 3
        assert tasks.start_in_process(app)
        deadline = time.monotonic() + 10
        while len(ran) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sorted(v for v, _ in ran) == [0, 1, 2]  # each exactly once
        # None of ours is left (the consumer's scheduler may have queued a periodic job meanwhile).
        assert [t for t in tasks.huey.pending() if t.name == remember.wrapper.name] == []
    finally:
        tasks.stop_in_process()
        tasks.huey.immediate = True  # the next test's app sets it again; never leave a SQLite queue behind


def test_an_unreachable_queue_runs_the_job_here(make_app, db_url, caplog):
    app = make_app({"SQLALCHEMY_DATABASE_URI": db_url, "TASKS_IMMEDIATE": False,
                    "TASKS_URL": "redis://127.0.0.1:1/0"})
    try:
        with app.app_context(), caplog.at_level("WARNING", logger="forum.tasks"):
            remember("now")
        assert ran == [("now", app.name)]
        assert "task queue unreachable" in caplog.text
    finally:
        tasks.huey.immediate = True


def test_the_worker_command_is_there(app):
    result = app.test_cli_runner().invoke(args=["worker", "--help"])
    assert result.exit_code == 0 and "task queue" in result.output
