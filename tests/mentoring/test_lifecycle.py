"""A mentorship from proposal to feedback, and who may do what on the way."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentoring import services
from forum.mentoring.models import Mentorship


def test_both_accept_starts_with_goals_and_private_thread(app, proposal, mentor, mentee):
    with app.app_context():
        first = services.accept(mentor, proposal.id)
        assert first.state == "proposed"
        m = services.accept(mentee, proposal.id)
        assert m.state == "active" and m.started_at is not None and m.thread_id is not None
        goals = {(g.skill.slug, g.start_level, g.target) for g in db.session.get(Mentorship, m.id).goals}
        assert goals == {("cataloguing", 1, 3), ("classification", 0, 2)}


def test_only_the_pair_may_answer(app, proposal, make_user):
    stranger = make_user("orangasing")
    with app.app_context():
        with pytest.raises(NotFound, match="tidak ditemukan"):
            services.accept(stranger, proposal.id)
        with pytest.raises(NotFound, match="tidak ditemukan"):
            services.decline(stranger, proposal.id)


def test_decline_frees_the_slot_and_is_final(app, proposal, mentee, mentor):
    with app.app_context():
        m = services.decline(mentee, proposal.id)
        assert m.state == "declined" and m.declined_by_id == mentee.id
        assert services.load_of([mentor.id]).get(mentor.id, 0) == 0
        with pytest.raises(Conflict, match="ditolak"):  # already declined
            services.accept(mentor, proposal.id)


def test_checkins_and_completion_record_levels(app, active, mentor, mentee):
    with app.app_context():
        services.add_checkin(mentor, active.id, date.today().isoformat(), "Latihan MARC 245 dan 264.")
        with pytest.raises(Invalid, match="happened_on") as err:
            services.add_checkin(mentee, active.id, (date.today() + timedelta(days=2)).isoformat(), "besok")
        assert "happened_on" in err.value.fields
        m = services.complete(mentee, active.id, 5, "Sangat membantu", {"cataloguing": 3, "classification": 2})
        assert m.state == "completed" and m.mentee_rating == 5
        assert services.skill_levels(mentee)["cataloguing"] == 3
        assert {g.skill.slug: g.end_level for g in db.session.get(Mentorship, m.id).goals} == {
            "cataloguing": 3, "classification": 2}
        m = services.complete(mentor, active.id, 4, "Rajin berlatih")
        assert m.mentor_rating == 4
        with pytest.raises(Conflict, match="umpan balik"):  # feedback already given
            services.complete(mentor, active.id, 4, "lagi")
        stats = services.programme_stats()
        assert stats["states"]["completed"] == 1 and stats["average_rating"] == 4.5


@pytest.mark.parametrize("rating", [0, 6, "lima", None, 4.5, True])
def test_bad_ratings_are_refused(app, active, mentee, rating):
    with app.app_context():
        with pytest.raises(Invalid, match="rating") as err:
            services.complete(mentee, active.id, rating, "x")
        assert "rating" in err.value.fields
        assert db.session.get(Mentorship, active.id).state == "active"


def test_checkin_needs_active_mentorship(app, proposal, mentor):
    with app.app_context():
        with pytest.raises(Conflict, match="aktif"):
            services.add_checkin(mentor, proposal.id, date.today(), "terlalu awal")


def test_end_early(app, active, mentee, make_user):
    other = make_user("lainnya")
    with app.app_context():
        with pytest.raises(NotFound, match="tidak ditemukan"):
            services.end(other, active.id)
        assert services.end(mentee, active.id).state == "ended"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"mentor": {"capacity": 0}}, "mentor.capacity"),
        ({"mentor": {"capacity": 11}}, "mentor.capacity"),
        ({"mentor": {"capacity": "banyak"}}, "mentor.capacity"),
        ({"mentor": 3}, "mentor"),
        ({"mentee": {"goals": {"cataloguing": 5}}}, "mentee.goals.cataloguing"),
        ({"mentee": {"goals": {"memasak": 3}}}, "mentee.goals.memasak"),
        ({"mentee": {"goals": {}}}, "mentee.goals"),
        ({"mentee": {"goals": {"cataloguing": 1}}}, "mentee.goals.cataloguing"),  # not above the current level
        ({"mentee": None, "languages": ["klingon"]}, "languages"),
        ({"mentee": None, "availability": ["midnight"]}, "availability"),
    ],
)
def test_bad_mentoring_profiles(app, mentee, data, field):
    with app.app_context():
        before = services.goals_of(mentee)
        with pytest.raises(Invalid, match=re.escape(field)) as err:
            services.set_mentoring(mentee, mentee, data)
        assert field in err.value.fields
        assert services.goals_of(mentee) == before


@pytest.mark.parametrize(("levels", "field"), [({"cataloguing": 5}, "levels.cataloguing"),
                                               ({"cataloguing": -1}, "levels.cataloguing"),
                                               ({"memasak": 2}, "levels.memasak"), ("semua", "levels")])
def test_bad_skill_levels(app, mentee, levels, field):
    with app.app_context():
        with pytest.raises(Invalid, match=re.escape(field)) as err:
            services.set_skill_levels(mentee, mentee, levels)
        assert field in err.value.fields
        assert services.skill_levels(mentee) == {"cataloguing": 1}


def test_nobody_edits_someone_elses_profile(app, mentee, make_user):
    other = make_user("penyusup")
    with app.app_context():
        with pytest.raises(NotAllowed, match="tidak diizinkan"):
            services.set_skill_levels(other, mentee, {"cataloguing": 4})
