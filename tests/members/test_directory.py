"""Signed-in members find each other: by name, institution, region, skill level and mentors with room."""

from __future__ import annotations

import pytest

from forum.database import write
from forum.extensions import db
from forum.mentoring import services as mentoring
from forum.mentoring.models import Mentorship
from forum.moderation import services as moderation
from tests.fixtures.api import Api


@pytest.fixture
def directory(app, make_user, user, other_user):
    """Rina catalogues (level 4) and mentors with room; Budi classifies (3) and mentors but is full;
    Dewi (Padang) catalogues at level 2; Eko is suspended."""
    dewi = make_user("dewi", region="padang", display_name="Dewi Lestari", institution="Perpustakaan UNAND")
    make_user("eko", display_name="Eko Prasetyo")
    with app.app_context():
        mentoring.set_skill_levels(user, user, {"cataloguing": 4})
        mentoring.set_mentoring(user, user, {"mentor": {"capacity": 2}})
        mentoring.set_skill_levels(other_user, other_user, {"classification": 3})
        mentoring.set_mentoring(other_user, other_user, {"mentor": {"capacity": 1}})
        mentoring.set_skill_levels(dewi, dewi, {"cataloguing": 2})
        with write():
            db.session.add(Mentorship(mentor_id=other_user.id, mentee_id=dewi.id, state="active"))
        moderation.suspend(None, "eko", "Spam")


@pytest.fixture
def member_api(client, directory):
    return Api(client).sign_in("dewi")


def _names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["username"] for item in response.get_json()["items"]]


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["budi", "dewi", "rina"]),  # by name; never the suspended Eko
    ("?q=rina", ["rina"]),
    ("?q=kota%20bukittinggi", ["rina"]),  # institution
    ("?q=eko", []),
    ("?region=padang", ["budi", "dewi"]),
    ("?skill=cataloguing", ["dewi", "rina"]),
    ("?skill=cataloguing&level=3", ["rina"]),
    ("?mentor=true", ["rina"]),  # Budi's one place is taken
    ("?mentor=false", ["budi", "dewi", "rina"]),
    ("?skill=classification&mentor=true", []),
])
def test_members_search_the_directory(member_api, query, expected):
    assert _names(member_api.get("/users" + query)) == expected


def test_directory_entries_say_who_mentors_and_their_strong_skills_but_no_email(member_api):
    rina = member_api.get("/users?q=rina").get_json()["items"][0]
    assert rina["mentor_available"] is True and rina["skills"] == [{"slug": "cataloguing", "level": 4}]
    assert "email" not in rina and "suspended" not in rina


@pytest.mark.parametrize("query", ["?role=admin", "?suspended=true", "?suspended=false"])
def test_members_may_not_use_the_admins_filters(member_api, query):
    response = member_api.get("/users" + query)
    assert response.status_code == 403
    assert response.get_json()["error"]["message"] == "Only admins filter members by role or suspension."


def test_guests_are_asked_to_sign_in(client, directory):
    assert client.get("/api/v1/users").status_code == 401
    page = client.get("/members")
    assert page.status_code == 302 and "/login" in page.headers["Location"]


def test_the_directory_pages(app, client, auth, directory, monkeypatch):
    from forum.members import services

    monkeypatch.setattr(services, "PER_PAGE", 2)
    auth.login("budi")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/members"' in home
    first = client.get("/members").get_data(as_text=True)
    assert "Budi" in first and "Dewi Lestari" in first and "Rina Marlina" not in first
    assert "3 members" in first and 'rel="next" href="/members?page=2"' in first
    assert 'name="viewport"' in first  # readable on a phone
    assert "Rina Marlina" in client.get("/members?page=2").get_data(as_text=True)
    mentors = client.get("/members?mentor=true&skill=cataloguing&level=4").get_data(as_text=True)
    assert "Rina Marlina" in mentors and "mentor, has room" in mentors and "Cataloguing" in mentors
    assert "Dewi Lestari" not in mentors
    indonesian = client.get("/members?q=rina", headers={"Accept-Language": "id"}).get_data(as_text=True)
    assert "1 anggota" in indonesian and "Direktori" not in indonesian and "Cari" in indonesian


@pytest.mark.parametrize(("query", "message"), [
    ("?region=atlantis", "No such region."),
    ("?skill=juggling", "No such skill."),
    ("?skill=cataloguing&level=x", "A level from 1 to 4."),
])
def test_bad_filters_on_the_page_are_said_beside_the_form(client, auth, directory, query, message):
    auth.login("budi")
    response = client.get("/members" + query)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_the_page_ignores_the_admins_filters(client, auth, directory):
    auth.login("budi")
    page = client.get("/members?suspended=true").get_data(as_text=True)
    assert "Eko" not in page and "Rina Marlina" in page


def test_a_deleted_account_leaves_the_directory_and_the_admins_list(app, client, directory, make_user):
    """Its personal data is erased: nobody finds "former member" rows, not even admins."""
    from forum.accounts import services as accounts
    from forum.accounts.personal import delete_account
    from tests.fixtures.domain import PASSWORD

    make_user("kepala", role="admin")
    with app.app_context():
        delete_account(accounts.user_by_username("rina"), PASSWORD)
    assert _names(Api(client).sign_in("dewi").get("/users")) == ["budi", "dewi", "kepala"]
    admin_view = _names(Api(client).sign_in("kepala").get("/users"))
    assert "rina" not in admin_view and not [name for name in admin_view if name.startswith("former")]
