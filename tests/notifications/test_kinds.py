"""Every kind of notification, end to end: an action through the API, the notification through the API."""

from __future__ import annotations

from datetime import timedelta

from forum.board.signals import reaction_added, solution_marked
from forum.mentoring import rounds
from forum.models_base import utcnow
from tests.notifications.helpers import items, kinds, unread


def test_a_reply_tells_the_threads_author(api, user, other_user, thread):
    rina, budi = api("rina"), api("budi")
    post = budi.post(f"/threads/{thread.id}/posts", {"body": "Cadangkan dulu databasenya."}).get_json()
    [n] = items(rina)
    assert n["kind"] == "reply" and n["post_id"] == post["id"] and n["thread_id"] == thread.id
    assert n["actor"]["username"] == "budi" and n["read"] is False
    assert n["text"] == "Budi replied to “Migrasi SLiMS ke versi 9”"
    assert n["url"] == f"/t/{thread.id}#p{post['id']}"
    assert unread(rina) == 1
    assert items(budi) == []  # never yourself


def test_the_text_follows_the_readers_language(api, api_client, user, other_user, thread):
    api("budi").post(f"/threads/{thread.id}/posts", {"body": "Setuju."})
    api_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    assert items(api("rina"))[0]["text"] == "Budi membalas “Migrasi SLiMS ke versi 9”"


def test_a_mention_tells_the_member_named(api, user, other_user, sari):
    thread = api("sari").post("/threads", {"category": "layanan-pengguna", "title": "Jam buka akhir pekan",
                                           "body": "Bagaimana di tempat kalian, @RINA dan @budi?"}).get_json()
    assert 'href="/u/rina"' in thread["posts"][0]["html"] and 'href="/u/budi"' in thread["posts"][0]["html"]
    for member in ("rina", "budi"):
        [n] = items(api(member))
        assert n["kind"] == "mention" and n["text"] == "Sari Dewi mentioned you in “Jam buka akhir pekan”"
    assert items(api("sari")) == []


def test_a_quoted_member_hears_of_the_reply(app, api, user, other_user, sari, thread, post):
    from forum import markup

    body = markup.quote("budi", "Cadangkan database dulu") + "Dan jangan lupa berkas unggahan."
    reply = api("sari").post(f"/threads/{thread.id}/posts", {"body": body}).get_json()
    [n] = [n for n in items(api("budi")) if n["post_id"] == reply["id"]]
    assert n["kind"] == "reply"
    # The reply answers Budi, not the opening post: Rina (tracking) hears nothing of it.
    assert reply["id"] not in [n["post_id"] for n in items(api("rina"))]


def test_watchers_of_a_category_hear_of_new_threads_and_posts(api, user, other_user, sari):
    assert api("sari").put("/categories/pengelolaan-koleksi/watch", {"level": "watching"}).get_json() == {
        "level": "watching"}
    thread = api("rina").post("/threads", {"category": "pengelolaan-koleksi", "title": "Penyiangan koleksi",
                                           "body": "Kriteria penyiangan?"}).get_json()
    api("budi").post(f"/threads/{thread['id']}/posts", {"body": "Umur dan kondisi fisik."})
    assert [(n["kind"], n["actor"]["username"]) for n in items(api("sari"))] == [("watched", "budi"),
                                                                                  ("watched", "rina")]
    assert [n["text"] for n in items(api("sari"))] == ["Budi posted in “Penyiangan koleksi”",
                                                      "Rina Marlina started “Penyiangan koleksi”"]


def test_a_solution_tells_the_answers_author(app, api, user, other_user, thread, post):
    with app.app_context():
        solution_marked.send(None, thread_id=thread.id, post_id=post.id, by_id=user.id)
        solution_marked.send(None, thread_id=thread.id, post_id=post.id, by_id=user.id)  # marked again: once
    [n] = [n for n in items(api("budi")) if n["kind"] == "solution"]
    assert n["post_id"] == post.id and n["actor"]["username"] == "rina"
    assert n["text"] == "Rina Marlina marked your answer in “Migrasi SLiMS ke versi 9” as the solution"


def test_reactions_are_grouped_while_unread(app, api, user, other_user, sari, thread, make_user):
    dewi = make_user("dewi")
    with app.app_context():
        for member in (other_user, sari):
            reaction_added.send(None, post_id=thread.last_post_id, thread_id=thread.id, user_id=member.id,
                                kind="thanks")
    rina = api("rina")
    [n] = [n for n in items(rina) if n["kind"] == "reaction"]
    assert n["count"] == 2 and n["actor"]["username"] == "sari"
    assert n["text"] == "Sari Dewi and 1 other reacted to your post in “Migrasi SLiMS ke versi 9”"
    assert rina.post("/notifications/read", {"ids": [n["id"]]}).get_json() == {"count": 0}
    with app.app_context():
        reaction_added.send(None, post_id=thread.last_post_id, thread_id=thread.id, user_id=dewi.id, kind="helpful")
    fresh = [m for m in items(rina) if m["kind"] == "reaction" and not m["read"]]
    assert len(fresh) == 1 and fresh[0]["count"] == 1 and fresh[0]["id"] != n["id"]
    assert fresh[0]["text"] == "Dewi reacted to your post in “Migrasi SLiMS ke versi 9”"


def test_a_mentorship_tells_both_people_of_each_step(app, api, pair):
    mentor, mentee = pair
    with app.app_context():
        rounds.run_round(mentor, publish=True)
    proposal = api("menteebudi").get("/me/mentorships").get_json()[0]
    for member, other in (("mentorsari", "Budi Mentee"), ("menteebudi", "Sari Mentor")):
        [n] = items(api(member))
        assert n["kind"] == "mentorship" and n["event"] == "proposed"
        assert n["text"] == f"You were matched with {other}: a mentorship is proposed"
        assert n["url"] == f"/mentoring/m/{proposal['id']}"
    assert api("menteebudi").post(f"/mentorships/{proposal['id']}/accept").status_code == 200
    assert [n["event"] for n in items(api("mentorsari"))] == ["accepted", "proposed"]
    assert [n["event"] for n in items(api("menteebudi"))] == ["proposed"]  # not told of her own step
    assert api("mentorsari").post(f"/mentorships/{proposal['id']}/accept").status_code == 200
    assert items(api("menteebudi"))[0]["text"] == "Your mentorship with Sari Mentor has started"


def test_a_declined_mentorship_tells_the_other(app, api, pair):
    mentor, mentee = pair
    with app.app_context():
        rounds.run_round(mentor, publish=True)
    proposal = api("menteebudi").get("/me/mentorships").get_json()[0]
    assert api("menteebudi").post(f"/mentorships/{proposal['id']}/decline").status_code == 200
    assert items(api("mentorsari"))[0]["text"] == "Budi Mentee declined the proposed mentorship"


def test_a_live_session_opening_tells_those_following_its_category(app, api, user, other_user, sari, make_user):
    make_user("moderasi", role="moderator", display_name="Moderator Sesi")
    api("rina").put("/categories/pengelolaan-koleksi/watch", {"level": "tracking"})
    api("sari").put("/categories/pengelolaan-koleksi/watch", {"level": "muted"})
    host = api("moderasi")
    live = host.post("/live-sessions", {"title": "Klinik katalogisasi", "category": "pengelolaan-koleksi",
                                        "starts_at": (utcnow() + timedelta(hours=1)).isoformat()}).get_json()
    assert host.post(f"/live-sessions/{live['id']}/open").status_code == 200
    [n] = items(api("rina"))
    assert n["kind"] == "live_session" and n["text"] == "Live session “Klinik katalogisasi” is open now"
    assert n["url"] == f"/live/{live['id']}"
    assert items(api("sari")) == [] and items(api("budi")) == []
    assert items(host) == []  # the moderator opened it
    assert "live_session" not in kinds(api("budi"))


def test_completing_or_ending_a_mentorship_tells_the_other(app, api, pair, make_user):
    mentor, mentee = pair
    with app.app_context():
        rounds.run_round(mentor, publish=True)
    proposal = api("menteebudi").get("/me/mentorships").get_json()[0]
    for member in ("menteebudi", "mentorsari"):
        api(member).post(f"/mentorships/{proposal['id']}/accept")
    response = api("menteebudi").post(f"/mentorships/{proposal['id']}/complete", {"rating": 5, "comment": "Bagus"})
    assert response.status_code == 200, response.get_json()
    assert items(api("mentorsari"))[0]["text"] == "Budi Mentee completed your mentorship"
    assert items(api("menteebudi"))[0]["event"] == "active"  # not told of her own step
