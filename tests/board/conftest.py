"""Fixtures of the board's answer tests: a moderator's thread list, a private mentorship thread."""

from __future__ import annotations

import pytest

from forum.board import services as board
from tests.fixtures.api import Api


@pytest.fixture
def api(client):
    """The JSON API as a guest; ``api.sign_in(name)`` gives a signed-in one."""
    return Api(client)


@pytest.fixture
def outsider(make_user):
    """Tono, a member who is in no mentorship."""
    return make_user("tono", region="padang")


@pytest.fixture
def private_thread(app, make_user, user):
    """A mentorship's private thread between Rina and Maya, with Maya's reply."""
    maya = make_user("maya")
    with app.app_context():
        thread = board.create_private_thread(user, [maya], "teknologi-informasi", "Bimbingan katalog rahasia",
                                             "Catatan pertemuan pertama.")
        reply = board.reply(maya, thread.id, "Jawaban rahasia untuk Rina.")
    return thread, reply
