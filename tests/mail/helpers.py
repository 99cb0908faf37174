"""Helpers of the mail tests: the SMTP server's inbox, and reading the parts of a message."""

from __future__ import annotations

import email
import email.policy
import socket
import threading

from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD

MAIL_SETTINGS = {"SITE_URL": "https://jejaring.example.org",
                 "REPLY_BY_EMAIL_ADDRESS": "reply+%{token}@jejaring.example.org",
                 "MAIL_DEFAULT_SENDER": "Jejaring <noreply@jejaring.example.org>"}


class Inbox:
    """What the SMTP server received: each message parsed, with its envelope."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse_with: str | None = None  # e.g. "451 try later": answer every DATA with this
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's handler name
        if self.refuse_with:
            return self.refuse_with
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def api_for(client, username: str) -> Api:
    return Api(client).sign_in(username, PASSWORD)
