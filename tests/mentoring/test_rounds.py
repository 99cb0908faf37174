"""Matching rounds from the site: who takes part, preview, publish, exclusions, why-not."""

from __future__ import annotations

import re

import pytest

from forum.errors import Conflict, Invalid, NotAllowed
from forum.extensions import db
from forum.mentoring import rounds, services
from forum.mentoring.models import Mentorship


@pytest.fixture
def second_mentee(app, make_user):
    """Dewi in Makassar also wants to learn cataloguing."""
    user = make_user("menteedewi", region="makassar")
    with app.app_context():
        services.set_skill_levels(user, user, {"cataloguing": 0})
        services.set_mentoring(user, user, {"mentee": {"goals": {"cataloguing": 3}}, "languages": ["id"]})
    return user


def test_preview_then_publish(app, mentor, mentee, second_mentee):
    with app.app_context():
        preview = rounds.run_round(mentor, {"region": "neutral"})
        assert preview.published_at is None and preview.matched == 2
        pair = {p["mentee"]: p for p in preview.result["pairs"]}["menteebudi"]
        assert pair["mentor"] == "mentorsari"
        assert "covers cataloguing 1->3, classification 0->2" in pair["reasons"][0]
        assert pair["facts"]["mentee_region"] == "Padang" and pair["facts"]["languages"] == ["id"]
        assert db.session.scalar(db.select(db.func.count(Mentorship.id))) == 0  # a preview sends nothing
        published = rounds.publish_round(mentor, preview.id)
        assert published.published_at is not None
        states = db.session.scalars(db.select(Mentorship.state)).all()
        assert states == ["proposed", "proposed"]
        with pytest.raises(Conflict, match="sudah diterbitkan"):
            rounds.publish_round(mentor, preview.id)


def test_capacity_and_open_mentorships_are_respected(app, mentor, mentee, second_mentee, make_user):
    with app.app_context():
        services.set_mentoring(mentor, mentor, {"mentor": {"capacity": 1}, "languages": ["id"]})
        result = rounds.run_round(mentor, publish=True)
        assert result.matched == 1 and result.unmatched == 1
        assert result.result["unmatched"][0]["code"] == "capacity"
        again = rounds.run_round(mentor)  # the proposal holds the only place; its mentee waits no more
        assert again.result["mentees"] == 1 and again.matched == 0


def test_declined_pair_is_not_proposed_again(app, mentor, mentee):
    with app.app_context():
        first = rounds.run_round(mentor, publish=True)
        proposal = db.session.scalars(db.select(Mentorship)).one()
        services.decline(mentee, proposal.id)
        second = rounds.run_round(mentor)
        assert second.matched == 0
        assert second.result["unmatched"][0]["code"] == "excluded"
        assert first.id != second.id


def test_supervisor_is_never_the_mentor(app, mentor, mentee):
    with app.app_context():
        services.set_mentoring(mentee, mentee, {"mentee": {"goals": {"cataloguing": 3}}, "languages": ["id"],
                                                "supervisor": "mentorsari"})
        assert rounds.run_round(mentor).matched == 0


def test_no_shared_language_no_pair(app, mentor, mentee):
    with app.app_context():
        services.set_mentoring(mentee, mentee, {"mentee": {"goals": {"cataloguing": 3}}, "languages": ["minang"]})
        services.set_mentoring(mentor, mentor, {"mentor": {"capacity": 2}, "languages": ["en"]})
        result = rounds.run_round(mentor)
        assert result.matched == 0 and result.result["unmatched"][0]["code"] == "no_language"


def test_members_cannot_run_rounds(app, mentee):
    with app.app_context():
        with pytest.raises(NotAllowed, match="Hanya moderator"):
            rounds.run_round(mentee)


@pytest.mark.parametrize(("policy", "field"), [({"region": "everywhere"}, "region"),
                                               ({"objective": "fastest"}, "objective"),
                                               ({"min_score": "banyak"}, "min_score"),
                                               ({"min_score": -5}, "min_score")])
def test_bad_policy(app, mentor, policy, field):
    with app.app_context():
        with pytest.raises(Invalid, match=re.escape(field)) as err:
            rounds.run_round(mentor, policy)
        assert field in err.value.fields


def test_why_not(app, mentor, mentee, second_mentee, make_user):
    other = make_user("mentorlain", role="moderator")
    with app.app_context():
        services.set_skill_levels(other, other, {"cataloguing": 3})
        services.set_mentoring(other, other, {"mentor": {"capacity": 1}, "languages": ["id"]})
        result = rounds.why_not(mentor, "menteebudi", "mentorlain")
        answer = result["answer"]
        assert answer.candidate and result["refusal"] is None
        assert answer.score_lost > 0 and answer.matched_lost == 0  # Sari also covers classification: a better pair
        assert result["names"][answer.mentee] == "menteebudi"
        services.set_mentoring(other, other, {"mentor": {"capacity": 1}, "languages": ["en"]})
        assert rounds.why_not(mentor, "menteebudi", "mentorlain")["refusal"] == "no_language"
        with pytest.raises(Invalid, match="mentor") as err:
            rounds.why_not(mentor, "menteebudi", "tidakada")
        assert "mentor" in err.value.fields


def test_cli_match_run(app, mentor, mentee):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["match", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 matched" in result.output and "dry run" in result.output
    result = runner.invoke(args=["match", "run"])
    assert "published: 1 proposals sent" in result.output
    with app.app_context():
        assert db.session.scalars(db.select(Mentorship.state)).all() == ["proposed"]
