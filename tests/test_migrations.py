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
