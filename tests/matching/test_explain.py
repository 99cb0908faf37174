"""Why a mentee is unmatched, and "why not mentor X for mentee Y?"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matching import UNMATCHED_CODES, Mentee, Mentor, Policy, match, why_not

CATALOGUER = Mentor(10, {"cataloguing": 4}, capacity=1, institution="Perpustakaan Kota Padang")


@pytest.mark.parametrize(
    ("mentee", "policy", "code", "words"),
    [
        (Mentee(1, {"cataloguing": 3}, {"cataloguing": 2}), Policy(), "no_goals", "no target above"),
        (Mentee(1, {}, {}), Policy(), "no_goals", "no target above"),
        (Mentee(1, {}, {"promotion": 3}), Policy(), "no_cover", "No mentor covers"),
        (Mentee(1, {}, {"cataloguing": 3}, languages=frozenset({"minang"})), Policy(), "no_language",
         "1 mentor covers a gap, but none speaks"),
        (Mentee(1, {}, {"cataloguing": 3}), Policy(excluded={(1, 10)}), "excluded", "earlier decline"),
        (Mentee(1, {}, {"cataloguing": 3}, institution="Perpustakaan Kota Padang"), Policy(same_institution="avoid"),
         "excluded", "same institution"),
        (Mentee(1, {}, {"cataloguing": 1}), Policy(min_score=15), "below_min_score",
         "every such pair scores under 15.00; the best scores 10.00"),
    ],
)
def test_unmatched_reason_codes(mentee, policy, code, words):
    result = match([mentee], [CATALOGUER], policy)
    assert result.pairs == ()
    (unmatched,) = result.unmatched
    assert result.unmatched_for(1) is unmatched
    assert unmatched.code == code
    assert unmatched.code in UNMATCHED_CODES
    assert words in unmatched.reason


def test_unmatched_for_capacity():
    mentees = [Mentee(1, {}, {"cataloguing": 4}), Mentee(2, {}, {"cataloguing": 3})]
    result = match(mentees, [CATALOGUER])
    assert result.assignment() == {1: 10}
    (unmatched,) = result.unmatched
    assert (unmatched.mentee, unmatched.code) == (2, "capacity")
    assert unmatched.reason.startswith("At capacity: 1 candidate mentor, all full")


def test_max_score_may_leave_out_a_mentee_a_free_mentor_could_take():
    # Scores can be negative only with a negative minimum; pure total score then prefers no pair.
    mentee = Mentee(1, {}, {"cataloguing": 1}, region="Padang")
    mentor = Mentor(10, {"cataloguing": 3}, capacity=1, region="Padang")
    policy = Policy(gap_weight=1, region="avoid", region_weight=3, min_score=-10, objective="max_score")
    (unmatched,) = match([mentee], [mentor], policy).unmatched
    assert unmatched.code == "capacity"
    assert unmatched.reason.startswith("Left out")
    assert match([mentee], [mentor], replace(policy, objective="max_matched")).matched == 1


def swap_round():
    """Mentee 2 needs the all-rounder; mentee 1 can do with either; both are matched in the best round."""
    mentees = [Mentee(1, {}, {"cataloguing": 3}), Mentee(2, {}, {"cataloguing": 3, "promotion": 3}),
               Mentee(3, {}, {"evaluation": 4})]
    mentors = [Mentor(10, {"cataloguing": 3, "promotion": 3}, capacity=1),
               Mentor(11, {"cataloguing": 3}, capacity=1), Mentor(12, {"evaluation": 3}, capacity=1)]
    return mentees, mentors


def test_forcing_a_pair_of_the_optimum_loses_nothing():
    mentees, mentors = swap_round()
    answer = why_not(mentees, mentors, 2, 10)
    assert answer.candidate
    assert (answer.score_lost, answer.matched_lost, answer.displaced) == (0.0, 0, ())
    assert answer.forced is answer.baseline
    assert answer.pair == answer.baseline.pair_for(2)


def test_forcing_a_worse_pair_reports_the_loss_and_who_moves():
    mentees, mentors = swap_round()
    baseline = match(mentees, mentors)
    assert baseline.assignment() == {1: 11, 2: 10}
    answer = why_not(mentees, mentors, 1, 10, baseline=baseline)
    assert answer.candidate and answer.baseline is baseline
    assert answer.forced.assignment() == {1: 10, 2: 11}
    assert answer.score_lost == 30.0
    assert answer.matched_lost == 0
    assert answer.displaced == ((1, 11, 10), (2, 10, 11))
    assert answer.pair.mentor == 10 and answer.pair.score == 30.0
    assert "changes the total score by -30.00 and the number matched by +0; 1 other mentee changes mentor" in (
        answer.reason)


def test_forcing_a_pair_can_cost_a_match():
    mentees = [Mentee(1, {}, {"cataloguing": 3}), Mentee(2, {}, {"promotion": 3})]
    mentors = [Mentor(10, {"cataloguing": 3, "promotion": 3}, capacity=1), Mentor(11, {"cataloguing": 3}, capacity=1)]
    answer = why_not(mentees, mentors, 1, 10)
    assert answer.baseline.assignment() == {1: 11, 2: 10}
    assert answer.forced.assignment() == {1: 10}
    assert (answer.matched_lost, answer.score_lost) == (1, 30.0)
    assert answer.displaced == ((1, 11, 10), (2, 10, None))
    assert [u.code for u in answer.forced.unmatched] == ["capacity"]


@pytest.mark.parametrize(
    ("mentee", "mentor", "policy", "code", "words"),
    [
        (Mentee(1, {}, {"promotion": 3}), Mentor(10, {"promotion": 2}, capacity=1), Policy(), "no_cover",
         "covers none of the mentee's gaps (promotion needs 3, has 2)"),
        (Mentee(1, {}, {"promotion": 3}, languages=frozenset({"minang"})),
         Mentor(10, {"promotion": 4}, capacity=1, languages=frozenset({"id", "en"})), Policy(), "no_language",
         "no shared language (mentee speaks minang; mentor speaks en, id)"),
        (Mentee(1, {}, {"promotion": 3}), Mentor(10, {"promotion": 4}, capacity=1), Policy(excluded={(1, 10)}),
         "excluded", "the policy excludes this pair"),
        (Mentee(1, {}, {"promotion": 3}, institution="UNAND"), Mentor(10, {"promotion": 4}, capacity=1,
                                                                      institution="UNAND"),
         Policy(same_institution="avoid"), "same_institution", "same institution (UNAND)"),
        (Mentee(1, {}, {"promotion": 1}), Mentor(10, {"promotion": 4}, capacity=1), Policy(min_score=20),
         "below_min_score", "score 10.00 is below the minimum 20.00"),
    ],
)
def test_why_not_a_non_candidate(mentee, mentor, policy, code, words):
    answer = why_not([mentee], [mentor], 1, 10, policy)
    assert not answer.candidate
    assert answer.code == code
    assert answer.forced is None and answer.pair is None
    assert answer.reason.startswith("Not a candidate: ")
    assert words in answer.reason


def test_why_not_needs_the_baseline_of_the_same_round():
    mentees, mentors = swap_round()
    other = match(mentees[:1], mentors)
    with pytest.raises(ValueError, match="mentee 2 is not in the baseline's graph"):
        why_not(mentees, mentors, 1, 10, baseline=other)


def test_nobody_mentors_themself_and_ids_may_be_strings():
    me = Mentee("rina", {}, {"cataloguing": 3})
    mentors = [Mentor("rina", {"cataloguing": 4}, capacity=1), Mentor("budi", {"cataloguing": 3}, capacity=1)]
    result = match([me], mentors)
    assert result.assignment() == {"rina": "budi"}
    answer = why_not([me], mentors, "rina", "rina")
    assert not answer.candidate and "cannot mentor themself" in answer.reason
    (unmatched,) = match([me], mentors[:1]).unmatched
    assert unmatched.code == "excluded"
