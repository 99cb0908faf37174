"""Catching up in Chromium: a member whose server went away gets, once back, every message she missed.

live.js remembers the id of the last message it has with no gap before it;
when its connection comes back it joins again asking for everything after
that id. Here the member's own server process is stopped while the moderator,
on another process, keeps talking; the member's page reconnects by itself
when that server is started again, and shows each missed message once.
"""

from __future__ import annotations

import os
import secrets

import pytest

from tests.browser.pages import require_browser
from tests.live.servers import Server, free_port

expect = require_browser().expect  # skips this module without Chromium (fails it if one is required)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def own_server(forum, workdir, servers):
    """A server process of the member's own, on the same database (and queue, when there is one)."""
    secret = servers[0].env()["SECRET_KEY"]  # her session cookie must open this process too
    server = Server(forum.url, workdir, free_port(), secret, queue=os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None)
    server.start().wait_ready()
    yield server
    server.stop(grace=2)


def test_messages_sent_while_her_server_was_down_appear_once_when_it_is_back(forum, live, enter, own_server):
    moderator = enter(live.moderator)
    member = enter(forum.user("rina"), server=own_server)
    member.say_box.fill("Sebelum listrik padam")
    member.say_box.press("Enter")
    expect(member.message("Sebelum listrik padam")).to_have_count(1)

    own_server.stop(grace=2)  # her process is gone; the moderator's is not
    missed = [f"Selama padam {n}: {secrets.token_hex(2)}" for n in (1, 2, 3)]
    for text in missed:
        moderator.say_box.fill(text)
        moderator.say_box.press("Enter")
        expect(moderator.message(text)).to_be_visible()
    for text in missed:
        expect(member.message(text)).to_have_count(0)

    own_server.start().wait_ready()  # same port: her page's Socket.IO client reconnects by itself
    for text in missed:
        expect(member.message(text)).to_have_count(1, timeout=20_000)
    expect(member.message("Sebelum listrik padam")).to_have_count(1)  # nothing she had came twice
    member.say_box.fill("Sudah kembali")
    member.say_box.press("Enter")
    expect(member.message("Sudah kembali")).to_have_count(1)  # her connection works again
    if os.environ.get("SOCKETIO_MESSAGE_QUEUE"):  # two processes share rooms only over the queue
        expect(moderator.message("Sudah kembali")).to_be_visible()
