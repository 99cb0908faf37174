"""A notification never reveals what its reader may not see: private mentorship threads, threads turned private."""

from __future__ import annotations

from forum.board.models import Thread, thread_members
from forum.extensions import db
from forum.mentoring import rounds
from forum.notifications import services
from forum.notifications.models import Notification
from tests.notifications.helpers import items, unread


def _mentorship_thread(app, api, pair) -> int:
    mentor, _mentee = pair
    with app.app_context():
        rounds.run_round(mentor, publish=True)
    proposal = api("menteebudi").get("/me/mentorships").get_json()[0]
    api("menteebudi").post(f"/mentorships/{proposal['id']}/accept")
    return api("mentorsari").post(f"/mentorships/{proposal['id']}/accept").get_json()["thread_id"]


def test_outsiders_never_hear_of_a_private_thread(app, api, pair, sari, make_user):
    make_user("admina", role="admin", display_name="Admin")
    for member in ("sari", "admina"):
        api(member).put("/categories/mentoring/watch", {"level": "watching"})
    thread_id = _mentorship_thread(app, api, pair)
    api("menteebudi").post(f"/threads/{thread_id}/posts", {"body": "Terima kasih! cc @sari @admina @mentorsari"})
    assert items(api("sari")) == [] and unread(api("sari")) == 0
    mentor_sees = [n for n in items(api("mentorsari")) if n["thread_id"] == thread_id]
    assert [n["kind"] for n in mentor_sees] == ["mention"]
    assert {n["kind"] for n in items(api("admina"))} == {"mention", "watched"}  # admins may read it
    # Nor can an outsider watch it: the thread is not there for her.
    assert api("sari").put(f"/threads/{thread_id}/watch", {"level": "watching"}).status_code == 404
    with app.app_context():  # not even stored, hidden or not
        assert db.session.scalar(db.select(db.func.count()).select_from(Notification)
                                 .where(Notification.user_id == sari.id)) == 0


def test_a_notification_disappears_when_its_thread_becomes_unreadable(app, api, auth, client, user, other_user,
                                                                      thread):
    api("budi").post(f"/threads/{thread.id}/posts", {"body": "Cadangkan dulu."})
    rina = api("rina")
    [n] = items(rina)
    with app.app_context():
        db.session.execute(db.update(Thread).where(Thread.id == thread.id).values(private=True))
        db.session.execute(thread_members.insert().values(thread_id=thread.id, user_id=other_user.id))
        db.session.commit()
    assert items(rina) == [] and unread(rina) == 0
    assert rina.post("/notifications/read", {"ids": [n["id"]]}).status_code == 400
    auth.login()
    assert client.get(f"/notifications/{n['id']}/open").status_code == 404
    assert "Migrasi SLiMS" not in client.get("/notifications").get_data(as_text=True)
    with app.app_context():
        assert services.pending_mail(user.id) == []
    with app.app_context():  # readable again (she becomes a member): it is back
        db.session.execute(thread_members.insert().values(thread_id=thread.id, user_id=user.id))
        db.session.commit()
    assert [m["id"] for m in items(rina)] == [n["id"]]


def test_a_notification_goes_with_its_post(app, api, user, other_user, thread):
    from forum.board.models import Post

    post = api("budi").post(f"/threads/{thread.id}/posts", {"body": "Cadangkan dulu."}).get_json()
    assert unread(api("rina")) == 1
    with app.app_context():
        db.session.execute(db.update(Thread).where(Thread.id == thread.id).values(last_post_id=None))
        db.session.execute(db.delete(Post).where(Post.id == post["id"]))
        db.session.commit()
    assert items(api("rina")) == [] and unread(api("rina")) == 0
