"""Fixtures: app -> client -> auth, and the forum's domain objects.

The database is made once per run by the real migrations: a temporary SQLite
file by default, or whatever ``DATABASE_URL`` names (PostgreSQL in CI). After
every test the tables are emptied, so each test starts from a clean forum with
the reference data (regions, categories, skills) loaded.
"""

from __future__ import annotations

import os

import pytest

pytest_plugins = ["tests.fixtures.domain", "tests.fixtures.mail", "tests.fixtures.roles"]

# Must be set before forum.config is imported: the tests never touch ./instance.
os.environ.setdefault("JEJARING_INSTANCE", os.path.join(os.path.dirname(__file__), "..", ".pytest-instance"))

from forum import create_app  # noqa: E402
from tests.fixtures.db import build_app, database_url, dispose, migrate_once  # noqa: E402
from tests.fixtures.web import AuthActions  # noqa: E402


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    """The URL of the test database, migrated to the newest schema once per run."""
    url = database_url(tmp_path_factory.mktemp("db"))
    migrate_once(url)
    return url


@pytest.fixture
def app(db_url):
    """A fresh application on the test database (with the Redis queue when CI sets one)."""
    yield from build_app(db_url)


@pytest.fixture
def app_with(db_url):
    """``app_with(RATELIMIT_ENABLED=True)``: like ``app``, with settings of a test's own."""
    made = []

    def make(**config):
        made.append(build_app(db_url, **config))
        return next(made[-1])

    yield make
    for steps in reversed(made):
        next(steps, None)


@pytest.fixture
def make_app():
    """``make_app({...})``: an app with settings of a test's own, its engine disposed after the test, pass or fail."""
    made = []

    def make(config: dict):
        made.append(create_app({"TESTING": True, **config}))
        return made[-1]

    yield make
    for app in made:
        dispose(app)


@pytest.fixture
def client(app):
    """A browser without JavaScript that prefers English (tests read messages in English)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def auth(client):
    """Sign in and out through the real pages."""
    return AuthActions(client)
