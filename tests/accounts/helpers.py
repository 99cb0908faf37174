"""Helpers of the account safety tests: an app that mails to the test SMTP server, and links read from mails."""

from __future__ import annotations

import re

from forum.accounts.models import User
from forum.database import write
from forum.extensions import db
from forum.models_base import utcnow
from tests.mail.helpers import html_part, text_part

LINK_RE = r"https://jejaring\.example\.org(/{path}/[A-Za-z0-9._-]+)"


def link_in(message, path: str) -> str:
    """The site path of the ``/PATH/TOKEN`` link in a mail's plain text (the HTML part has it too)."""
    match = re.search(LINK_RE.format(path=path), text_part(message))
    assert match, text_part(message)
    assert match.group(0) in html_part(message)
    return match.group(1)


def mark_verified(app, *users) -> None:
    """Confirm these accounts' addresses (usernames, or ``User`` objects also updated in place), as their links would."""
    now = utcnow()
    with app.app_context(), write():
        for user in users:
            name = user if isinstance(user, str) else user.username_key
            db.session.scalar(db.select(User).where(User.username_key == name)).email_verified_at = now
            if not isinstance(user, str):
                user.email_verified_at = now
