"""Fixtures of the admin tests: an admin, signed in through the API or a browser."""

from __future__ import annotations

import pytest

from tests.fixtures.api import Api
from tests.fixtures.web import AuthActions


@pytest.fixture
def admin(make_user):
    """An admin, Kepala."""
    return make_user("kepala", role="admin", display_name="Kepala Perpustakaan")


@pytest.fixture
def admin_api(client, admin):
    """A JSON client signed in as the admin."""
    return Api(client).sign_in("kepala")


@pytest.fixture
def admin_browser(app, admin):
    """A browser signed in as the admin (English pages)."""
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    AuthActions(browser).login("kepala")
    return browser
