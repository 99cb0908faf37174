"""Watch levels: watching, tracking (the default for threads you posted in), normal, muted; categories' levels."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.notifications.models import Watch
from tests.notifications.helpers import items, kinds


def _level(app, user, thread_id):
    with app.app_context():
        return db.session.scalar(db.select(Watch.level).where(Watch.user_id == user.id, Watch.thread_id == thread_id))


def test_posting_puts_a_member_at_tracking(app, api, user, other_user, thread, post):
    assert _level(app, user, thread.id) == "tracking"
    assert _level(app, other_user, thread.id) == "tracking"


def test_posting_keeps_a_level_the_member_chose(app, api, user, other_user, thread):
    budi = api("budi")
    assert budi.put(f"/threads/{thread.id}/watch", {"level": "muted"}).get_json() == {"level": "muted"}
    budi.post(f"/threads/{thread.id}/posts", {"body": "Satu catatan saja."})
    assert _level(app, other_user, thread.id) == "muted"


def test_a_tracked_thread_tells_its_author_of_replies_but_not_a_bystander(api, user, other_user, sari, thread, post):
    api("sari").post(f"/threads/{thread.id}/posts", {"body": "Saya juga mengalaminya."})
    assert kinds(api("rina")) == ["reply", "reply"]
    assert kinds(api("budi")) == []  # tracking: the reply answers the opening post, not Budi


def test_watching_a_thread_tells_of_every_post(api, user, other_user, sari, thread, post):
    api("budi").put(f"/threads/{thread.id}/watch", {"level": "watching"})
    api("sari").post(f"/threads/{thread.id}/posts", {"body": "Saya juga mengalaminya."})
    assert kinds(api("budi")) == ["watched"]


def test_normal_tells_the_author_only_of_quotes_and_mentions(api, user, other_user, sari, thread):
    from forum import markup

    rina = api("rina")
    rina.put(f"/threads/{thread.id}/watch", {"level": "normal"})
    api("budi").post(f"/threads/{thread.id}/posts", {"body": "Balasan biasa."})
    assert kinds(rina) == []
    api("budi").post(f"/threads/{thread.id}/posts", {"body": markup.quote("rina", "Data anggota hilang.") + "Kenapa?"})
    api("sari").post(f"/threads/{thread.id}/posts", {"body": "@rina sudah coba skrip ini?"})
    assert kinds(rina) == ["mention", "reply"]


def test_muted_hears_nothing_not_even_a_mention(api, user, other_user, thread):
    api("rina").put(f"/threads/{thread.id}/watch", {"level": "muted"})
    api("budi").post(f"/threads/{thread.id}/posts", {"body": "@rina lihat ini"})
    assert items(api("rina")) == []


def test_a_category_level_applies_to_its_threads_without_their_own(api, user, other_user, sari):
    sari_api = api("sari")
    sari_api.put("/categories/layanan-pengguna/watch", {"level": "watching"})
    first = api("rina").post("/threads", {"category": "layanan-pengguna", "title": "Layanan keliling",
                                          "body": "Jadwal?"}).get_json()
    second = api("rina").post("/threads", {"category": "layanan-pengguna", "title": "Layanan antar",
                                           "body": "Biaya?"}).get_json()
    sari_api.put(f"/threads/{second['id']}/watch", {"level": "normal"})  # the thread's own level wins
    for thread in (first, second):
        api("budi").post(f"/threads/{thread['id']}/posts", {"body": "Tiap Sabtu."})
    assert {n["thread_id"] for n in items(sari_api) if n["actor"]["username"] == "budi"} == {first["id"]}


def test_a_muted_category_silences_mentions_in_its_threads(api, user, other_user):
    api("rina").put("/categories/layanan-pengguna/watch", {"level": "muted"})
    api("budi").post("/threads", {"category": "layanan-pengguna", "title": "Pertanyaan untuk Rina",
                                  "body": "@rina bagaimana?"})
    assert items(api("rina")) == []


def test_suspended_members_are_not_told(app, api, user, other_user, thread):
    from forum.accounts.models import User

    with app.app_context():
        db.session.execute(db.update(User).where(User.id == user.id).values(suspended=True))
        db.session.commit()
    api("budi").post(f"/threads/{thread.id}/posts", {"body": "@rina halo"})
    with app.app_context():
        from forum.notifications.models import Notification

        assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


@pytest.mark.parametrize("body, message", [
    ({"level": "loud"}, "Choose one of: watching, tracking, normal, muted."),
    ({"level": None}, "Choose one of"),
    ({}, "Choose one of"),
    ({"level": ["muted"]}, "Choose one of"),
])
def test_a_bad_level_is_refused(api, user, thread, body, message):
    response = api("rina").put(f"/threads/{thread.id}/watch", body)
    assert response.status_code == 400 and message in response.get_json()["error"]["fields"]["level"]
    response = api("rina").put("/categories/layanan-pengguna/watch", body)
    assert response.status_code == 400 and message in response.get_json()["error"]["fields"]["level"]


def test_watching_what_does_not_exist_is_not_found(api, user, client):
    assert api("rina").put("/threads/999999/watch", {"level": "muted"}).status_code == 404
    assert api("rina").put("/categories/tidak-ada/watch", {"level": "muted"}).status_code == 404
    assert client.put("/api/v1/categories/layanan-pengguna/watch", json={"level": "muted"}).status_code == 401


def test_posting_in_a_watched_category_keeps_watching(app, api, user, other_user, thread):
    api("budi").put("/categories/teknologi-informasi/watch", {"level": "watching"})
    api("budi").post(f"/threads/{thread.id}/posts", {"body": "Saya ikut."})
    assert _level(app, other_user, thread.id) is None  # not lowered to tracking
    api("rina").post(f"/threads/{thread.id}/posts", {"body": "Terima kasih."})
    assert [n["kind"] for n in items(api("budi"))] == ["watched"]
