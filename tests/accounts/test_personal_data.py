"""Personal data (UU 27/2022, GDPR): a member downloads everything held about them, and can delete the account."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.accounts import services
from forum.accounts.models import User
from forum.board import reactions
from forum.board import services as board
from forum.board.models import Post, Thread
from forum.extensions import db
from forum.live import services as live
from forum.mentoring import services as mentoring
from forum.mentoring.models import MentoringProfile, Mentorship, UserSkill
from forum.models_base import utcnow
from forum.moderation import services as moderation
from forum.notifications.models import Notification, Watch
from tests.fixtures.api import Api
from tests.fixtures.domain import PASSWORD
from tests.fixtures.web import AuthActions, post_form


@pytest.fixture
def life(app, user, other_user, moderator):
    """Rina's life on the site: a thread Budi answered, a reaction, skills, a mentorship with Budi, a live message."""
    with app.app_context():
        thread = board.create_thread(user, "teknologi-informasi", "Migrasi SLiMS ke versi 9", "Data anggota hilang.")
        answer = board.reply(other_user, thread.id, "Cadangkan database dulu.")
        reactions.react(user, answer.id, "thanks")
        mentoring.set_skill_levels(user, user, {"cataloguing": 4})
        mentoring.set_mentoring(user, user, {"mentor": {"capacity": 2}, "languages": ["id"]})
        mentoring.set_skill_levels(other_user, other_user, {"cataloguing": 1})
        mentoring.set_mentoring(other_user, other_user, {"mentee": {"goals": {"cataloguing": 3}}})
        proposal = Mentorship(mentor_id=user.id, mentee_id=other_user.id, state="proposed", score=40.0,
                              covered=[{"skill": "cataloguing", "current": 1, "target": 3, "mentor_level": 4}])
        db.session.add(proposal)
        db.session.commit()
        mentoring.accept(user, proposal.id)
        active = mentoring.accept(other_user, proposal.id)
        board.reply(user, active.thread_id, "Selamat datang, Budi. Mulai dari RDA dasar.")
        session = live.schedule(moderator, {"title": "Klinik katalogisasi", "category": "pengelolaan-koleksi",
                                            "starts_at": (utcnow() + timedelta(days=1)).isoformat()})
        live.open_session(moderator, session.id)
        live.join(user, session.id, "sid-rina")
        live.post_message(user, session.id, "Halo dari Bukittinggi")
        return {"thread": thread, "answer": answer, "mentorship": active}


def test_the_export_holds_everything_about_the_member(app, client, user, other_user, life):
    with app.app_context():
        moderation.suspend(None, "budi", "Percobaan")  # about Budi: not in Rina's export
    response = Api(client).sign_in("rina").get("/me/export")
    assert response.status_code == 200
    data = response.get_json()
    assert data["account"]["username"] == "rina" and data["account"]["email"] == "rina@example.org"
    assert data["account"]["institution"] == "Perpustakaan Kota Bukittinggi"
    assert [t["title"] for t in data["threads"]] == ["Migrasi SLiMS ke versi 9", "Pendampingan: Rina Marlina & Budi"]
    bodies = [p["body"] for p in data["posts"]]
    assert "Data anggota hilang." in bodies and "Selamat datang, Budi. Mulai dari RDA dasar." in bodies
    assert data["reactions"] == [{"post_id": life["answer"].id, "kind": "thanks",
                                  "created_at": data["reactions"][0]["created_at"]}]
    assert data["skills"] == {"cataloguing": 4}
    assert data["mentoring_profile"]["mentor_capacity"] == 2
    assert [(m["role"], m["other"], m["state"]) for m in data["mentorships"]] == [("mentor", "Budi", "active")]
    assert [m["body"] for m in data["live_messages"]] == ["Halo dari Bukittinggi"]
    assert any(n["thread_id"] == life["thread"].id for n in data["notifications"])
    assert any(w["thread_id"] == life["thread"].id for w in data["watches"])
    assert data["moderation_actions"] == []
    assert "api_tokens" in data and "sign_ins" in data
    assert "password_hash" not in json.dumps(data) and "$argon2" not in json.dumps(data)


def test_the_export_names_moderator_actions_about_the_member(app, client, user):
    with app.app_context():
        moderation.suspend(None, "rina", "Tautan promosi berulang")
        db.session.execute(db.update(User).where(User.username_key == "rina").values(suspended=False))
        db.session.commit()
    data = Api(client).sign_in("rina").get("/me/export").get_json()
    assert "Tautan promosi berulang" in [a["reason"] for a in data["moderation_actions"]]


def test_the_settings_page_downloads_the_export(client, auth, user):
    auth.login()
    response = client.get("/settings/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="jejaring-rina.json"'
    assert json.loads(response.get_data(as_text=True))["account"]["username"] == "rina"


def test_deleting_erases_personal_data_and_keeps_posts_under_former_member(app, client, user, other_user, life):
    api = Api(client).sign_in("rina")
    assert api.delete("/me", json={"password": PASSWORD}).status_code == 204
    assert api.get("/me").status_code == 401
    assert Api(client).post("/tokens", {"username": "rina", "password": PASSWORD}).status_code == 401
    with app.app_context():
        gone = db.session.get(User, user.id)
        assert gone.is_deleted and gone.display_name == "mantan anggota"
        assert "rina" not in gone.username and "rina" not in gone.email
        assert (gone.institution, gone.bio) == ("", "")
        assert db.session.scalar(select(func.count()).select_from(UserSkill).where(UserSkill.user_id == user.id)) == 0
        assert db.session.get(MentoringProfile, user.id) is None
        for model in (Notification, Watch):
            assert db.session.scalar(select(func.count()).select_from(model).where(model.user_id == user.id)) == 0
        mentorship = db.session.get(Mentorship, life["mentorship"].id)
        assert mentorship.state == "ended"
        first = select(Post.body).where(Post.thread_id == life["thread"].id, Post.number == 1)
        assert db.session.scalar(first) == "Data anggota hilang."
        assert db.session.get(Thread, life["mentorship"].thread_id).title == "Pendampingan: mantan anggota & Budi"
        welcome = select(Post.body).where(Post.thread_id == life["mentorship"].thread_id, Post.number == 1)
        assert "Budi dan mantan anggota" in db.session.scalar(welcome)
    page = client.get(f"/t/{life['thread'].id}").get_data(as_text=True)
    assert "Data anggota hilang." in page and "mantan anggota" in page and "Rina Marlina" not in page
    budi = Api(app.test_client()).sign_in("budi")
    private = budi.get(f"/threads/{life['mentorship'].thread_id}").get_json()
    assert [p["body"] for p in private["posts"]["items"]][-1] == "Selamat datang, Budi. Mulai dari RDA dasar."
    assert private["posts"]["items"][-1]["author"] == f"former~{user.id}"
    browser = app.test_client()
    AuthActions(browser).login("budi")
    assert "mantan anggota" in browser.get(f"/t/{life['mentorship'].thread_id}").get_data(as_text=True)


def test_deleting_with_remove_posts_removes_their_text_and_keeps_the_threads(app, client, user, other_user, life):
    api = Api(client).sign_in("rina")
    assert api.delete("/me", json={"password": PASSWORD, "remove_posts": True}).status_code == 204
    with app.app_context():
        thread = db.session.get(Thread, life["thread"].id)
        assert thread.title == "Utas yang penulisnya telah pergi" and thread.post_count == 2
        bodies = db.session.scalars(select(Post.body).where(Post.thread_id == thread.id).order_by(Post.number)).all()
        assert bodies == ["", "Cadangkan database dulu."]  # Budi's answer stays, in its place
    found = Api(client).get("/search?q=anggota").get_json()
    assert found["total"] == 0


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"password": "salah-sekali-ini"}, 400, "not your current password"),
    ({}, 400, "not your current password"),
    ({"password": PASSWORD, "remove_posts": "ya"}, 400, "true or false"),
])
def test_deleting_needs_the_password(client, user, body, status, message):
    response = Api(client).sign_in("rina").delete("/me", json=body)
    assert response.status_code == status and message in json.dumps(response.get_json()["error"])


def test_the_delete_page_confirms_and_signs_out(app, client, auth, user):
    auth.login()
    page = client.get("/settings/delete").get_data(as_text=True)
    assert "Delete my account for good" in page and "Remove my posts too" in page
    wrong = post_form(client, "/settings/delete", {"password": "salah-sekali-ini"})
    assert wrong.status_code == 400 and "That is not your current password" in wrong.get_data(as_text=True)
    done = post_form(client, "/settings/delete", {"password": PASSWORD})
    assert done.status_code == 302
    assert "Your account is deleted" in client.get("/").get_data(as_text=True)
    assert client.get("/settings").status_code == 302
    assert auth.login().status_code == 401
    with app.app_context():
        assert services.user_by_username("rina") is None
