"""Notification fixtures: members signed in to the API, and a mentorship pair."""

from __future__ import annotations

import pytest

from forum.mentoring import services as mentoring
from tests.fixtures.api import Api


@pytest.fixture
def api_client(app):
    """A client of its own for the API (English), so a page test's signed-in browser never mixes with it."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def api(api_client):
    """``api("rina")``: a JSON client signed in with that member's token."""
    return lambda username: Api(api_client).sign_in(username)


@pytest.fixture
def sari(make_user):
    """Sari, a member from Padang who follows things."""
    return make_user("sari", region="padang", display_name="Sari Dewi")


@pytest.fixture
def pair(app, make_user):
    """A mentor and a mentee the matcher pairs: (mentor, mentee)."""
    mentor = make_user("mentorsari", role="moderator", display_name="Sari Mentor")
    mentee = make_user("menteebudi", region="padang", display_name="Budi Mentee")
    with app.app_context():
        mentoring.set_skill_levels(mentor, mentor, {"cataloguing": 4, "classification": 3})
        mentoring.set_mentoring(mentor, mentor, {"mentor": {"capacity": 2}, "languages": ["id", "en"]})
        mentoring.set_skill_levels(mentee, mentee, {"cataloguing": 1, "classification": 0})
        mentoring.set_mentoring(mentee, mentee, {"mentee": {"goals": {"cataloguing": 3, "classification": 2}},
                                                 "languages": ["id"]})
    return mentor, mentee
