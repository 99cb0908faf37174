"""`flask --app wsgi backup PATH` and `restore PATH`: a copy taken while the site runs, and every post back.

The round trip runs on the suite's database: SQLite by default, PostgreSQL
(pg_dump / pg_restore) when DATABASE_URL names one, as in CI.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, delete, select, update

from forum import backup
from forum.board import services as board
from forum.board.models import Post, Thread
from forum.extensions import db

NOWHERE = "postgresql+psycopg://nobody@127.0.0.1:1/jejaring"


@pytest.fixture
def forum_posts(app, user, other_user):
    """Three threads of four posts each, by Rina and Budi: ``{post_id: body}``."""
    with app.app_context():
        for n in range(3):
            thread = board.create_thread(user, "teknologi-informasi", f"Katalog ke-{n}",
                                         f"Pembuka ke-{n}: bagaimana mengatur *katalog* induk?")
            for m in range(3):
                board.reply(other_user if m % 2 == 0 else user, thread.id, f"Balasan {m} di utas {n}: gunakan kolofon.")
    return posts_now(app)


def run(app, *args, **kwargs):
    result = app.test_cli_runner().invoke(args=list(args), **kwargs)
    assert "Traceback" not in result.output
    return result


def posts_now(app) -> dict[int, str]:
    with app.app_context():
        db.session.remove()
        return {row.id: row.body for row in db.session.execute(select(Post.id, Post.body)).all()}


def test_backup_and_restore_bring_back_every_post(app, forum_posts, user, tmp_path):
    path = tmp_path / "jejaring.backup"
    result = run(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    assert path.exists() and "backed up the" in result.output

    some_id, other_id = sorted(forum_posts)[1], sorted(forum_posts)[-1]
    with app.app_context():
        db.session.execute(update(Post).where(Post.id == some_id).values(body="Diubah setelah cadangan."))
        db.session.execute(delete(Post).where(Post.id == other_id))
        db.session.commit()
        added = board.create_thread(user, "teknologi-informasi", "Sesudah cadangan", "Utas ini akan hilang.")
    assert posts_now(app) != forum_posts

    result = run(app, "restore", str(path), "--yes")
    assert result.exit_code == 0, result.output
    assert f"{len(forum_posts)} posts" in result.output and "3 threads" in result.output
    assert posts_now(app) == forum_posts
    with app.app_context():
        assert db.session.get(Thread, added.id) is None
        assert [t.title for t in db.session.scalars(select(Thread).order_by(Thread.id))] == [
            "Katalog ke-0", "Katalog ke-1", "Katalog ke-2"]
    # The restored site works: pages, search (its index came back too) and new posts.
    with app.app_context():
        thread_id = db.session.scalar(select(Thread.id).order_by(Thread.id))
    client = app.test_client()
    assert client.get(f"/t/{thread_id}").status_code == 200
    found = client.get("/api/v1/search?q=kolofon").get_json()
    assert found["total"] == 3 and sum(len(hit["posts"]) for hit in found["items"]) == 9  # 3 threads, 3 posts each
    with app.app_context():
        assert board.reply(user, thread_id, "Setelah pemulihan.").id not in forum_posts


def test_a_backup_is_one_consistent_snapshot_while_another_transaction_writes(app, forum_posts, tmp_path):
    """A write still open while the backup runs is not in it, and does not stop it."""
    first_id = min(forum_posts)
    path = tmp_path / "during.backup"
    writer = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with writer.connect() as conn:
            conn.execute(update(Post).where(Post.id == first_id).values(body="Belum disimpan."))
            assert run(app, "backup", str(path)).exit_code == 0
            conn.commit()
    finally:
        writer.dispose()
    assert posts_now(app)[first_id] == "Belum disimpan."
    assert run(app, "restore", str(path), "--yes").exit_code == 0
    assert posts_now(app) == forum_posts


def test_restore_asks_first(app, forum_posts, tmp_path):
    path = tmp_path / "ask.backup"
    assert run(app, "backup", str(path)).exit_code == 0
    with app.app_context():
        db.session.execute(delete(Post).where(Post.id == max(forum_posts)))
        db.session.commit()
    result = run(app, "restore", str(path), input="n\n")
    assert result.exit_code == 1 and "Changes made since that backup will be lost" in result.output
    assert max(forum_posts) not in posts_now(app)
    assert run(app, "restore", str(path), input="y\n").exit_code == 0
    assert posts_now(app) == forum_posts


def test_backup_into_a_folder_gets_a_dated_name_and_never_overwrites(app, tmp_path):
    result = run(app, "backup", str(tmp_path))
    assert result.exit_code == 0, result.output
    made = list(tmp_path.glob("jejaring-*"))
    assert len(made) == 1 and made[0].suffix in (".db", ".dump")
    again = run(app, "backup", str(made[0]))
    assert again.exit_code != 0 and "exists" in again.output
    assert run(app, "backup", str(made[0]), "--overwrite").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [made[0].name]  # no temporary file left behind


def _opposite_kind_file(app, tmp_path):
    with app.app_context():
        dialect = db.engine.dialect.name
    path = tmp_path / "other-kind.backup"
    if dialect == "sqlite":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
        return path, "a PostgreSQL (pg_dump) archive, but this site's database is sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    return path, "a SQLite database, but this site's database is postgresql"


def test_restore_refuses_a_missing_or_foreign_file(app, forum_posts, tmp_path):
    missing = run(app, "restore", str(tmp_path / "nope.db"), "--yes")
    assert missing.exit_code == 1 and "nope.db: no such file" in missing.output
    text_file = tmp_path / "notes.txt"
    text_file.write_text("bukan cadangan")
    foreign = run(app, "restore", str(text_file), "--yes")
    assert foreign.exit_code == 1 and "is not a backup" in foreign.output
    path, message = _opposite_kind_file(app, tmp_path)
    other = run(app, "restore", str(path), "--yes")
    assert other.exit_code == 1 and message in other.output
    assert posts_now(app) == forum_posts  # nothing was touched


def test_restore_refuses_a_sqlite_file_of_another_program(make_app, tmp_path):
    site = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.db'}"})
    stranger = tmp_path / "stranger.db"
    sqlite3.connect(stranger).execute("CREATE TABLE notes (body TEXT)").connection.close()
    result = run(site, "restore", str(stranger), "--yes")
    assert result.exit_code == 1 and "not a Jejaring one" in result.output


def test_postgresql_backup_without_pg_dump_says_what_to_install(make_app, monkeypatch, tmp_path):
    monkeypatch.setattr(backup, "find_tool", lambda name: None)
    site = make_app({"SQLALCHEMY_DATABASE_URI": NOWHERE})
    result = run(site, "backup", str(tmp_path / "x.dump"))
    assert result.exit_code == 1 and "pg_dump not found: install the PostgreSQL client tools" in result.output
    assert list(tmp_path.iterdir()) == []


def test_postgresql_backup_of_a_database_that_is_down_fails_cleanly(make_app, tmp_path):
    if backup.find_tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed (apt-get install postgresql-client)")
    site = make_app({"SQLALCHEMY_DATABASE_URI": NOWHERE})
    result = run(site, "backup", str(tmp_path / "x.dump"))
    assert result.exit_code == 1 and "pg_dump failed" in result.output and "port 1" in result.output
    assert list(tmp_path.iterdir()) == []


def test_password_travels_in_the_environment_not_the_command_line():
    from sqlalchemy import make_url

    url = make_url("postgresql+psycopg://forum:s3cret@db.example:5433/jejaring?sslmode=require")
    conninfo = backup._conninfo(url)
    assert "s3cret" not in conninfo
    assert conninfo == "postgresql://forum@db.example:5433/jejaring?sslmode=require"


def test_sqlite_backup_is_a_single_file(tmp_path):
    """No -wal beside the copy: it can be moved, mailed or opened read-only as it is."""
    source = tmp_path / "site.db"
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE posts (body TEXT)")
    conn.execute("INSERT INTO posts VALUES ('satu')")
    conn.commit()
    copy = backup.backup(f"sqlite:///{source}", tmp_path / "copy.db")
    conn.close()
    assert copy.kind == "sqlite" and backup.kind_of_file(copy.path) == "sqlite"
    check = sqlite3.connect(copy.path)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert check.execute("SELECT body FROM posts").fetchall() == [("satu",)]
    check.close()
