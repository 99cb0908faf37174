"""Backups of the whole database while the site runs, and putting one back.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a
consistent snapshot page by page while the site keeps reading and writing
(WAL), into a self-contained file (journal mode DELETE); restoring runs the same
API the other way, into the live file, under SQLite's own locks, so the
running site sees the restored data at its next query.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, without
blocking readers or writers) and ``pg_restore --clean --if-exists`` in a single
transaction, so a restore that fails leaves the database as it was.

A backup is written to a temporary file beside ``PATH`` and renamed into
place, so ``PATH`` is never half a backup. Failures raise :class:`BackupError`
with a message for the person at the terminal.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import URL, make_url

__all__ = ["BackupError", "Backup", "backup", "restore", "kind_of_file", "find_tool"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
SUFFIX = {"sqlite": ".db", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    """What was written or restored: which database kind, the file, its size and how long it took."""

    kind: str
    path: Path
    size: int
    seconds: float


def kind_of_file(path: Path) -> str:
    """``"sqlite"`` or ``"postgresql"`` (a pg_dump custom-format archive), from the file's first bytes.

    >>> kind_of_file(Path("/nonexistent/jejaring.db"))
    Traceback (most recent call last):
    ...
    forum.backup.BackupError: /nonexistent/jejaring.db: no such file
    """
    if not path.exists():
        raise BackupError(f"{path}: no such file")
    if path.is_dir():
        raise BackupError(f"{path} is a directory, not a backup file")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup: neither a SQLite database nor a pg_dump custom-format archive")


def find_tool(name: str) -> str | None:
    """``pg_dump`` / ``pg_restore`` on PATH, else the newest under ``/usr/lib/postgresql/N/bin``."""
    on_path = shutil.which(name)
    if on_path:
        return on_path
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return found[-1] if found else None


def _backend(url: str | URL) -> tuple[str, URL]:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in SUFFIX:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {backend}")
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return backend, parsed


def target_path(path: Path, backend: str, now: datetime | None = None) -> Path:
    """``path`` itself, or a dated file inside it when it is a directory (handy from cron).

    >>> from datetime import datetime, UTC
    >>> target_path(Path("/tmp"), "postgresql", datetime(2026, 12, 2, 3, 0, tzinfo=UTC)).name
    'jejaring-20261202-030000.dump'
    """
    if path.is_dir():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        return path / f"jejaring-{stamp}{SUFFIX[backend]}"
    return path


def backup(url: str | URL, path: str | Path, *, overwrite: bool = False) -> Backup:
    """Write a consistent copy of the database at ``url`` to ``path`` (a file, or a directory for a dated file)."""
    backend, parsed = _backend(url)
    target = target_path(Path(path), backend)
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists; give another name, or --overwrite to replace it")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such directory")
    dump = find_tool("pg_dump") if backend == "postgresql" else None
    if backend == "postgresql" and not dump:
        raise BackupError("pg_dump not found: install the PostgreSQL client tools (Debian: apt-get install "
                          "postgresql-client, the server's major version or newer)")
    started = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if backend == "sqlite":
            _sqlite_backup(Path(parsed.database), tmp)
        else:
            _run([dump, "--format=custom", "--no-owner", "--file", str(tmp), "--dbname", _conninfo(parsed)],
                 parsed, "pg_dump")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Backup(backend, target, target.stat().st_size, time.perf_counter() - started)


def restore(url: str | URL, path: str | Path) -> Backup:
    """Replace the database at ``url`` with the backup at ``path``; the backup must be of the same kind."""
    backend, parsed = _backend(url)
    source = Path(path)
    kind = kind_of_file(source)
    if kind != backend:
        names = {"sqlite": "a SQLite database", "postgresql": "a PostgreSQL (pg_dump) archive"}
        raise BackupError(f"{source} is {names[kind]}, but this site's database is {backend}: "
                          "restore it into a site of that kind")
    started = time.perf_counter()
    if backend == "sqlite":
        _sqlite_restore(source, Path(parsed.database))
    else:
        tool = find_tool("pg_restore")
        if not tool:
            raise BackupError("pg_restore not found: install the PostgreSQL client tools (Debian: apt-get "
                              "install postgresql-client)")
        _run([tool, "--list", str(source)], parsed, "pg_restore")  # a readable archive, before anything is dropped
        _run([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              "--dbname", _conninfo(parsed), str(source)], parsed, "pg_restore")
    return Backup(backend, source, source.stat().st_size, time.perf_counter() - started)


# -- SQLite ------------------------------------------------------------------------------

def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.exists():
        raise BackupError(f"{database}: the SQLite database does not exist")
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # every page in one step: one consistent snapshot, writers carry on (WAL)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{target}: the copy failed SQLite's quick check")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from exc
    finally:
        copy.close()
        source.close()


def _sqlite_restore(source: Path, database: Path) -> None:
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            tables = {row[0] for row in backup_db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a readable SQLite database: {exc}") from exc
        if not {"alembic_version", "users", "posts"} <= tables:
            raise BackupError(f"{source} is a SQLite database, but not a Jejaring one (no users, posts or "
                              "alembic_version table)")
        live = sqlite3.connect(database, timeout=30)
        try:
            live.execute("PRAGMA busy_timeout=30000")
            backup_db.backup(live)  # under SQLite's locks: the running site waits, then reads the restored data
        except sqlite3.Error as exc:
            raise BackupError(f"SQLite restore failed (nothing was changed): {exc}") from exc
        finally:
            live.close()
    finally:
        backup_db.close()


# -- PostgreSQL --------------------------------------------------------------------------

def _conninfo(url: URL) -> str:
    """A libpq URI for the command-line tools; the password travels in the environment, not in ``ps``."""
    bare = URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                      query=url.query)
    return bare.render_as_string(hide_password=False)


def _run(args: list[str], url: URL, tool: str) -> None:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    try:
        done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603 - our argv, no shell
    except OSError as exc:
        raise BackupError(f"{tool} could not be started: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{tool} failed (exit {done.returncode}): " + " / ".join(detail[-5:]))
