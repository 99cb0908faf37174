"""Mentoring fixtures: people with skill profiles, a proposal, an active mentorship."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.mentoring import services
from forum.mentoring.models import Mentorship


@pytest.fixture
def mentor(app, make_user):
    """Sari, a cataloguing expert in Bukittinggi who mentors two people."""
    user = make_user("mentorsari", role="moderator", display_name="Sari Dewi")
    with app.app_context():
        services.set_skill_levels(user, user, {"cataloguing": 4, "classification": 3, "social-media": 2})
        services.set_mentoring(user, user, {"mentor": {"capacity": 2}, "languages": ["id", "en"]})
    return user


@pytest.fixture
def mentee(app, make_user):
    """Budi, new at a Padang school library, wants to learn cataloguing and classification."""
    user = make_user("menteebudi", region="padang", display_name="Budi Santoso")
    with app.app_context():
        services.set_skill_levels(user, user, {"cataloguing": 1, "classification": 0})
        services.set_mentoring(user, user, {"mentee": {"goals": {"cataloguing": 3, "classification": 2}},
                                            "languages": ["id"]})
    return user


@pytest.fixture
def proposal(app, mentor, mentee):
    """A published proposal pairing them (as a round would make it)."""
    with app.app_context():
        m = Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, state="proposed", score=40.0,
                       covered=[{"skill": "cataloguing", "current": 1, "target": 3, "mentor_level": 4},
                                {"skill": "classification", "current": 0, "target": 2, "mentor_level": 3}],
                       reasons=["covers cataloguing 1->3, classification 0->2"])
        db.session.add(m)
        db.session.commit()
        return m


@pytest.fixture
def active(app, proposal, mentor, mentee):
    """The proposal accepted by both: an active mentorship with its private thread."""
    with app.app_context():
        services.accept(mentor, proposal.id)
        return services.accept(mentee, proposal.id)
