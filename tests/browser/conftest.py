"""Browser fixtures: real gunicorn servers, one Chromium, and a signed-in page per person.

The servers are those of the end-to-end live tests (tests/live/servers.py):
``gunicorn -c gunicorn.conf.py wsgi:app`` on a fresh SQLite file of their own,
also when the suite runs on PostgreSQL, so that they never fight the suite's
resets. When ``SOCKETIO_MESSAGE_QUEUE`` is set (CI's PostgreSQL + Redis run)
two servers share that queue, and the moderator's page and the member's are
served by different processes, as behind the production proxy.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.pages import CHROMIUM, DESKTOP, WAIT_MS, Room, require_browser, sign_in
from tests.live.servers import PASSWORD, Forum, Server, free_port, start_all


@pytest.fixture(scope="package")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="package")
def forum(workdir) -> Iterator[Forum]:
    """The servers' database, with the services to make accounts and sessions in it."""
    forum = Forum(f"sqlite:///{workdir / 'live.db'}")
    yield forum
    forum.close()


@pytest.fixture(scope="package")
def servers(forum, workdir) -> Iterator[tuple[Server, Server]]:
    """(the moderator's server, the members' server): one process, or two sharing the message queue."""
    secret = secrets.token_urlsafe(32)
    queue = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    started = start_all([Server(forum.url, workdir, free_port(), secret, queue=queue)
                         for _ in range(2 if queue else 1)])
    yield started[0], started[-1]
    for server in started:
        server.stop()


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """Debian's Chromium, headless, driven by Playwright (never a browser Playwright downloads)."""
    sync_api = require_browser()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@dataclass
class Live:
    id: int
    moderator: str  # username


@pytest.fixture
def live(forum) -> Live:
    """An open live session with a moderator of its own."""
    moderator = forum.user("sari", "moderator")
    return Live(forum.session(moderator), moderator)


@pytest.fixture
def enter(browser, servers, live) -> Iterator[Callable[..., Room]]:
    """``enter(username, PHONE)``: a browser of that person's own (a desktop unless given), in the room.

    ``server=`` sends them to another server than their usual one.

    They open the session's page, follow its link to sign in, and are brought back into the room:
    the moderator on the moderator's server, everyone else on the members' server.
    """
    from playwright.sync_api import expect

    contexts = []

    def open_room(username: str, device: dict | None = None, server: Server | None = None) -> Room:
        server = server or (servers[0] if username == live.moderator else servers[1])
        context = browser.new_context(base_url=server.base, locale="en-US", **(device or DESKTOP))
        contexts.append(context)
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        page.goto(f"/live/{live.id}")
        page.get_by_role("link", name="Sign in to join the room").click()
        sign_in(page, username, PASSWORD)  # and back to the room
        room = Room(page, username)
        expect(room.person(room.name)).to_be_visible()  # joined: the room lists them
        return room

    yield open_room
    for context in contexts:
        context.close()
