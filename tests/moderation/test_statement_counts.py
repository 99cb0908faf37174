"""Hidden, removed and pending posts cost no statement per post on the thread page, for any reader."""

from __future__ import annotations

import pytest

from forum.board import services as board
from forum.board.models import Post
from forum.database import write
from forum.extensions import db
from forum.moderation import queue
from tests.fixtures.db import counting
from tests.fixtures.web import AuthActions


@pytest.mark.parametrize("reader", ["guest", "budi", "sari"])
def test_thread_page_statements_do_not_grow_with_hidden_posts(app, client, user, other_user, moderator, reader):
    app.config["PAGE_CACHE"] = False
    with app.app_context():
        small = board.create_thread(user, "teknologi-informasi", "Utas kecil", "isi pertama", [])
        large = board.create_thread(user, "teknologi-informasi", "Utas besar", "isi pertama", [])
        board.reply(other_user, small.id, "balasan kecil")
        replies = [board.reply(other_user, large.id, f"balasan besar ke-{i}.") for i in range(20)]
        for i, reply in enumerate(replies[:12]):
            if i % 3 == 0:
                queue.hide(moderator, reply.id, "Kasar")
            elif i % 3 == 1:
                queue.delete(moderator, reply.id, "Iklan")
            else:
                with write():
                    board.set_post_state(db.session.get(Post, reply.id), "pending")
    if reader != "guest":
        AuthActions(client).login(reader)
    for thread in (small, large):
        assert client.get(f"/t/{thread.id}").status_code == 200
    with counting(app) as few:
        client.get(f"/t/{small.id}")
    with counting(app) as many:
        page = client.get(f"/t/{large.id}").get_data(as_text=True)
    assert ("balasan besar ke-0." in page) is (reader != "guest")  # hidden: its author and moderators
    assert ("balasan besar ke-1." in page) is (reader == "sari")  # removed: moderators only
    assert len(many) == len(few), many
