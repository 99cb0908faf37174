"""A thread's solution: who may mark it, what it may be, and where it shows."""

from __future__ import annotations

import pytest

from forum.board import services as board
from forum.board.signals import solution_marked
from forum.errors import Invalid, NotAllowed, NotFound
from tests.fixtures.web import csrf_from


@pytest.fixture
def heard():
    """What ``solution_marked`` listeners were sent."""
    seen: list[dict] = []

    def listener(sender, **data):
        seen.append(data)

    solution_marked.connect(listener)
    yield seen
    solution_marked.disconnect(listener)


def test_the_author_marks_changes_and_clears_the_solution(api, thread, post, other_user, app, heard):
    rina = api.sign_in("rina")
    with app.app_context():
        second = board.reply(other_user, thread.id, "Atau pakai skrip migrasi resmi.")
    answer = rina.put(f"/threads/{thread.id}/solution", {"post_id": post.id})
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["solved"], body["solution_post_id"], body["id"]) == (True, post.id, thread.id)
    assert rina.put(f"/threads/{thread.id}/solution", {"post_id": post.id}).status_code == 200  # again: no change
    changed = rina.put(f"/threads/{thread.id}/solution", {"post_id": second.id}).get_json()
    assert changed["solution_post_id"] == second.id
    assert api.get(f"/threads/{thread.id}").get_json()["solution_post_id"] == second.id
    cleared = rina.delete(f"/threads/{thread.id}/solution")
    assert cleared.status_code == 200
    assert (cleared.get_json()["solved"], cleared.get_json()["solution_post_id"]) == (False, None)
    # Sent after commit, once per new solution (not for marking the same post again, nor for clearing).
    rina_id = api.sign_in("rina").get("/me").get_json()["id"]
    assert heard == [{"thread_id": thread.id, "post_id": post.id, "by_id": rina_id},
                     {"thread_id": thread.id, "post_id": second.id, "by_id": rina_id}]


def test_a_moderator_may_mark_it_and_other_members_may_not(api, thread, post, moderator, make_user):
    make_user("tono")
    refused = api.sign_in("tono").put(f"/threads/{thread.id}/solution", {"post_id": post.id})
    assert refused.status_code == 403
    assert "author or a moderator" in refused.get_json()["error"]["message"]
    # Not even the author of the reply itself.
    assert api.sign_in("budi").put(f"/threads/{thread.id}/solution", {"post_id": post.id}).status_code == 403
    assert api.sign_in("budi").delete(f"/threads/{thread.id}/solution").status_code == 403
    assert api.put(f"/threads/{thread.id}/solution", {"post_id": post.id}).status_code == 401
    marked = api.sign_in("sari").put(f"/threads/{thread.id}/solution", {"post_id": post.id})
    assert marked.status_code == 200 and marked.get_json()["solved"] is True


@pytest.mark.parametrize(("which", "message"), [
    ("first", "The first post asks the question"),
    ("elsewhere", "Choose a reply of this thread"),
    ("missing", "Choose a reply of this thread"),
    ("text", "Choose a reply of this thread"),
])
def test_what_cannot_be_the_solution_is_a_400(api, app, user, thread, post, which, message):
    with app.app_context():
        other = board.create_thread(user, "teknologi-informasi", "Utas lain", "Pertanyaan lain")
        elsewhere = board.reply(user, other.id, "Balasan di utas lain")
    first = api.get(f"/threads/{thread.id}").get_json()["posts"]["items"][0]["id"]
    post_id = {"first": first, "elsewhere": elsewhere.id, "missing": 999_999, "text": "satu"}[which]
    answer = api.sign_in("rina").put(f"/threads/{thread.id}/solution", {"post_id": post_id})
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert message in error["message"] and message in error["fields"]["post_id"]
    assert api.get(f"/threads/{thread.id}").get_json()["solved"] is False


def test_a_private_thread_is_404_to_outsiders_and_its_members_may_mark(api, private_thread, outsider, moderator):
    thread, reply = private_thread
    for name in ("tono", "sari"):  # a moderator outside the mentorship does not see it either
        signed = api.sign_in(name)
        assert signed.put(f"/threads/{thread.id}/solution", {"post_id": reply.id}).status_code == 404
        assert signed.delete(f"/threads/{thread.id}/solution").status_code == 404
    assert api.sign_in("rina").put(f"/threads/{thread.id}/solution", {"post_id": reply.id}).status_code == 200


def test_the_service_refusals_name_the_rule(app, thread, post, other_user):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(NotAllowed, match="author or a moderator"):
            board.mark_solution(other_user, thread.id, post.id)
        with pytest.raises(NotFound, match="No such thread"):
            board.mark_solution(other_user, 999_999, post.id)
        with pytest.raises(Invalid, match="first post"):
            board.mark_solution(board.get_thread(None, thread.id).author, thread.id, post.id - 1)


def test_deleting_the_solution_post_leaves_the_thread_unsolved(app, thread, post, user):
    from forum.board.models import Post, Thread
    from forum.extensions import db

    with app.app_context():
        board.mark_solution(user, thread.id, post.id)
        db.session.delete(db.session.get(Post, post.id))
        db.session.commit()
        assert db.session.get(Thread, thread.id).solution_post_id is None


def test_the_page_marks_and_unmarks_without_javascript(client, auth, thread, post):
    auth.login()
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert page.count("Mark as solution") == 1  # on the reply, not on the question
    token = csrf_from(page)
    answer = client.post(f"/t/{thread.id}/solution", data={"post_id": post.id, "csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"#p{post.id}")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Marked as the solution." in page
    assert 'class="card solution-box"' in page and "Cadangkan database dulu" in page
    assert f'href="/t/{thread.id}?page=1#p{post.id}"' in page  # the link to the answer in place
    assert f'class="card post solution" id="p{post.id}"' in page
    assert "Unmark solution" in page and "Mark as solution" not in page
    listing = client.get("/c/teknologi-informasi").get_data(as_text=True)
    assert 'class="badge solved"' in listing
    client.post(f"/t/{thread.id}/solution/clear", data={"csrf_token": token})
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "solution-box" not in page and "Mark as solution" in page


def test_the_page_offers_no_solution_button_to_others(client, auth, thread, post, other_user):
    assert "Mark as solution" not in client.get(f"/t/{thread.id}").get_data(as_text=True)
    auth.login("budi")
    page = client.get(f"/t/{thread.id}").get_data(as_text=True)
    assert "Mark as solution" not in page
    refused = client.post(f"/t/{thread.id}/solution", data={"post_id": post.id, "csrf_token": csrf_from(page)})
    assert refused.status_code == 403
    assert "author or a moderator" in refused.get_data(as_text=True)


def test_the_page_refuses_a_form_without_its_csrf_token(client, auth, thread, post):
    auth.login()
    assert client.post(f"/t/{thread.id}/solution", data={"post_id": post.id}).status_code == 400
    assert "solution-box" not in client.get(f"/t/{thread.id}").get_data(as_text=True)


def test_a_cached_page_shows_the_solution_at_once(app, client, thread, post, user):
    """Marking bumps the thread's revision: the guests' cached copy is not served stale."""
    assert app.config["PAGE_CACHE"]
    assert "solution-box" not in client.get(f"/t/{thread.id}").get_data(as_text=True)
    with app.app_context():
        board.mark_solution(user, thread.id, post.id)
    assert "solution-box" in client.get(f"/t/{thread.id}").get_data(as_text=True)
