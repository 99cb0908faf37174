"""The flask commands of CONTRACT.md: users create / set-role, seed-demo."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.accounts import services
from forum.accounts.models import User
from forum.board.models import Post, Thread
from forum.extensions import db


def test_users_create_and_set_role(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "yusuf", "--email", "yusuf@example.org",
                                 "--password", "sangat-rahasia-1", "--region", "jambi", "--role", "moderator"])
    assert result.exit_code == 0, result.output
    assert "created yusuf (moderator, jambi)" in result.output
    result = runner.invoke(args=["users", "set-role", "yusuf", "admin"])
    assert result.exit_code == 0 and "yusuf is now admin" in result.output
    with app.app_context():
        assert services.user_by_username("yusuf").role == "admin"


def test_users_create_reports_every_problem(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "x", "--email", "bad", "--password", "short", "--region", "mars"])
    assert result.exit_code != 0
    for field in ("username", "email", "password", "region"):
        assert field in result.output


def test_set_role_unknown_user(app):
    result = app.test_cli_runner().invoke(args=["users", "set-role", "nobody", "admin"])
    assert result.exit_code != 0 and "Pengguna tidak ditemukan" in result.output  # the CLI speaks Indonesian


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0

    def counts():
        with app.app_context():
            return tuple(db.session.scalar(select(func.count(m.id))) for m in (User, Thread, Post))

    first = counts()
    assert first[0] >= 9 and first[1] >= 20 and first[2] > first[1]
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert counts() == first
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "not loaded" in result.output and counts() == first
    with app.app_context():
        roles = {u.role for u in db.session.scalars(select(User))}
    assert roles == {"member", "moderator", "admin"}


def test_seed_reference_loads_regions_categories_and_skills_once(app):
    """A fresh site (the tests' reference data emptied) gets everything; a second run adds nothing."""
    from forum.accounts.models import Region
    from forum.board.models import Category
    from forum.database import write
    from forum.mentoring.models import Skill, SkillAlias

    with app.app_context():
        with write():
            for model in (SkillAlias, Skill, Category, Region):
                db.session.execute(db.delete(model))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-reference"])
    assert result.exit_code == 0 and "552 regions, 10 categories, 27 skills added" in result.output
    result = runner.invoke(args=["seed-reference"])
    assert result.exit_code == 0 and "0 regions, 0 categories, 0 skills added" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0  # no demo users
        assert db.session.scalar(select(func.count(Region.id)).where(Region.kind == "province")) == 38
