"""Board signals reach listeners only for writes that committed."""

from __future__ import annotations

import pytest

from forum.board import services as board
from forum.board.signals import post_created, post_edited
from forum.errors import Invalid


@pytest.fixture
def heard():
    """What ``post_created`` and ``post_edited`` listeners were sent, in order."""
    seen: list[tuple[str, dict]] = []

    def created(sender, **data):
        seen.append(("created", data))

    def edited(sender, **data):
        seen.append(("edited", data))

    post_created.connect(created)
    post_edited.connect(edited)
    yield seen
    post_created.disconnect(created)
    post_edited.disconnect(edited)


def test_a_new_thread_and_a_reply_are_announced_after_commit(app, user, other_user, heard):
    with app.app_context():
        thread = board.create_thread(user, "teknologi-informasi", "Katalog terpadu", "Bagaimana memulainya?")
        first = thread.last_post_id
        reply = board.reply(other_user, thread.id, "Mulai dari standar MARC.")
    assert heard == [
        ("created", {"post_id": first, "thread_id": thread.id, "author_id": user.id, "new_thread": True}),
        ("created", {"post_id": reply.id, "thread_id": thread.id, "author_id": other_user.id, "new_thread": False}),
    ]


def test_an_edit_is_announced_only_when_the_text_changed(app, post, other_user, heard):
    with app.app_context():
        board.edit_post(other_user, post.id, post.body)
        board.edit_post(other_user, post.id, "Cadangkan dulu, @rina.")
    assert heard == [("edited", {"post_id": post.id, "thread_id": post.thread_id, "author_id": other_user.id,
                                 "editor_id": other_user.id})]


def test_a_refused_reply_announces_nothing(app, thread, other_user, heard):
    with app.app_context(), pytest.raises(Invalid, match="body"):
        board.reply(other_user, thread.id, "")
    assert heard == []


def test_a_rolled_back_write_announces_nothing(app, thread, other_user, heard, monkeypatch):
    """A failure after the post was inserted rolls it back, and its signal is never sent."""
    from forum.board import services

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_count_new_post", fail)
    with app.app_context(), pytest.raises(RuntimeError, match="disk full"):
        board.reply(other_user, thread.id, "Ini tidak akan tersimpan.")
    assert heard == []


def test_a_failing_listener_does_not_undo_or_fail_the_reply(app, thread, other_user, caplog):
    """The reply committed before listeners hear of it: one that raises is logged, the reply stands."""
    from forum.board.models import Post
    from forum.extensions import db

    def broken(sender, **data):
        raise RuntimeError("listener down")

    post_created.connect(broken)
    try:
        with app.app_context(), caplog.at_level("ERROR", logger="forum.database"):
            reply = board.reply(other_user, thread.id, "Tetap tersimpan.")
            assert db.session.get(Post, reply.id).body == "Tetap tersimpan."
    finally:
        post_created.disconnect(broken)
    assert "after-commit callback" in caplog.text and "listener down" in caplog.text
