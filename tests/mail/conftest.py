"""Mail tests: every app sends to a real SMTP server on loopback (tests.fixtures.mail)."""

from __future__ import annotations

import pytest


@pytest.fixture
def app(smtp_app):
    """The app of these tests sends mail through ``smtp``, links under https://jejaring.example.org."""
    return smtp_app
