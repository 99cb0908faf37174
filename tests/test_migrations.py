"""The migrations build the schema the models describe, and go down and up again cleanly."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from forum.extensions import db


def test_down_and_up_again(tmp_path, make_app):
    """On its own SQLite file, whatever database the rest of the suite uses."""
    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        assert "post_search" in tables


def test_search_text_is_filled_for_posts_written_before_0008(tmp_path, make_app):
    """Posts from before migration 0008 get their stemmed search text and are found by a stem."""
    from sqlalchemy import text

    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        upgrade(revision="0006")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO regions (id, slug, name, province) VALUES (1, 'padang', 'Padang', 'Sumbar')"))
            conn.execute(text(
                "INSERT INTO users (id, username, username_key, email, display_name, password_hash, role, region_id,"
                " institution, bio, timezone, suspended, session_version, post_count, created_at)"
                " VALUES (1, 'rina', 'rina', 'r@x.id', 'Rina', 'x', 'member', 1, '', '', 'Asia/Jakarta', 0, 1, 1,"
                " '2026-01-01 00:00:00')"))
            conn.execute(text("INSERT INTO categories (id, slug, name, name_en, description, description_en, position,"
                              " kind, thread_count, post_count) VALUES (1, 'umum', 'Umum', '', '', '', 0, 'discussion',"
                              " 1, 1)"))
            conn.execute(text("INSERT INTO threads (id, category_id, author_id, title, created_at, last_post_at,"
                              " post_count, locked, pinned) VALUES (1, 1, 1, 'Kearsipan desa', '2026-01-01 00:00:00',"
                              " '2026-01-01 00:00:00', 1, 0, 0)"))
            conn.execute(text("INSERT INTO posts (id, thread_id, number, author_id, body, html, created_at) VALUES"
                              " (1, 1, 1, 1, '**Perpustakaan** kami', '<p><strong>Perpustakaan</strong> kami</p>',"
                              " '2026-01-01 00:00:00')"))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT search_text FROM posts")).scalar() == "pustaka kami"
            assert conn.execute(text("SELECT search_title FROM threads")).scalar() == "arsip desa"
            found = "SELECT rowid FROM post_search WHERE post_search MATCH :q"
            assert conn.execute(text(found), {"q": '"pustaka" AND "arsip"'}).scalars().all() == [1]
        downgrade(revision="0006")
        with db.engine.connect() as conn:
            assert conn.execute(text(found), {"q": '"perpustakaan"'}).scalars().all() == [1]
