"""Mail tests: a real SMTP server on loopback (aiosmtpd), and an app that sends to it."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from tests.fixtures.db import build_app
from tests.mail.helpers import MAIL_SETTINGS, Inbox, free_port


@pytest.fixture
def smtp():
    """A running SMTP server on a free loopback port; ``smtp.inbox`` holds what it received."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


@pytest.fixture
def app(db_url, smtp, tmp_path):
    """The app of these tests sends mail through ``smtp``, links under https://jejaring.example.org."""
    yield from build_app(db_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port,
                         MAIL_OUTBOX_DIR=str(tmp_path / "outbox"), **MAIL_SETTINGS)
