"""Invalid input raises MatchingError naming the offending item."""

from __future__ import annotations

import pytest

from matching import MatchingError, Mentee, Mentor, Policy, candidate_graph, match, score_pair, validate, why_not

SKILLS = frozenset({"cataloguing", "classification"})


def mentee(id=1, levels=None, targets=None, **kw):
    return Mentee(id, {"cataloguing": 1} if levels is None else levels,
                  {"cataloguing": 3} if targets is None else targets, **kw)


def mentor(id=10, levels=None, capacity=2, **kw):
    return Mentor(id, {"cataloguing": 4} if levels is None else levels, capacity, **kw)


@pytest.mark.parametrize(
    ("mentees", "mentors", "policy", "message"),
    [
        ([mentee(levels={"cataloging": 1})], [mentor()], Policy(skills=SKILLS),
         r"mentee 1: unknown skill 'cataloging'"),
        ([mentee()], [mentor(levels={"clasification": 4})], Policy(skills=SKILLS),
         r"mentor 10: unknown skill 'clasification'"),
        ([mentee(targets={"evaluation": 3})], [mentor()], Policy(skills=SKILLS),
         r"mentee 1: unknown skill 'evaluation'"),
        ([mentee(levels={"cataloguing": 5})], [mentor()], Policy(), r"mentee 1: level of 'cataloguing' must be 0..4, got 5"),
        ([mentee(levels={"cataloguing": -1})], [mentor()], Policy(),
         r"mentee 1: level of 'cataloguing' must be 0..4, got -1"),
        ([mentee()], [mentor(levels={"cataloguing": 7})], Policy(), r"mentor 10: level of 'cataloguing' must be 0..4, got 7"),
        ([mentee(levels={"cataloguing": 2.5})], [mentor()], Policy(), r"mentee 1: level of 'cataloguing' must be 0..4, got 2.5"),
        ([mentee(levels={"cataloguing": True})], [mentor()], Policy(), r"level of 'cataloguing' must be 0..4, got True"),
        ([mentee(targets={"cataloguing": 0})], [mentor()], Policy(), r"mentee 1: target of 'cataloguing' must be 1..4, got 0"),
        ([mentee(targets={"cataloguing": 5})], [mentor()], Policy(), r"mentee 1: target of 'cataloguing' must be 1..4, got 5"),
        ([mentee()], [mentor(17, capacity=0)], Policy(), r"mentor 17: capacity must be 1..10, got 0"),
        ([mentee()], [mentor(17, capacity=11)], Policy(), r"mentor 17: capacity must be 1..10, got 11"),
        ([mentee()], [mentor(17, capacity="2")], Policy(), r"mentor 17: capacity must be 1..10, got '2'"),
        ([mentee(3), mentee(3)], [mentor()], Policy(), r"duplicate mentee id 3"),
        ([mentee()], [mentor(9), mentor(9)], Policy(), r"duplicate mentor id 9"),
        ([mentee("a"), mentee("b"), mentee("a")], [mentor()], Policy(), r"duplicate mentee id 'a'"),
        ([mentee(None)], [mentor()], Policy(), r"mentee at position 0: id must not be None"),
        ([mentee([1])], [mentor()], Policy(), r"mentee at position 0: id must be hashable, got \[1\]"),
        ([mentee(languages="id")], [mentor()], Policy(), r"mentee 1: languages must be a set of non-empty strings, got 'id'"),
        ([mentee()], [mentor(availability={"mon-am", ""})], Policy(), r"mentor 10: availability must be a set"),
        ([mentee(region=None)], [mentor()], Policy(), r"mentee 1: region must be a string, got None"),
        ([mentee()], [{"id": 10}], Policy(), r"mentor at position 0: expected a Mentor, got dict"),
        ([mentee()], [mentor()], Policy(region="sideways"),
         r"policy.region must be one of 'prefer', 'neutral', 'avoid', got 'sideways'"),
        ([mentee()], [mentor()], Policy(objective="most"),
         r"policy.objective must be one of 'max_matched', 'max_score', got 'most'"),
        ([mentee()], [mentor()], Policy(same_institution="never"), r"policy.same_institution must be one of"),
        ([mentee()], [mentor()], Policy(gap_weight=-1), r"policy.gap_weight must be a number 0..10000, got -1"),
        ([mentee()], [mentor()], Policy(region_weight=float("nan")), r"policy.region_weight must be a number"),
        ([mentee()], [mentor()], Policy(mentee_candidates=0), r"policy.mentee_candidates must be a positive integer, got 0"),
        ([mentee()], [mentor()], Policy(mentor_candidates_per_slot=1.5),
         r"policy.mentor_candidates_per_slot must be a positive integer, got 1.5"),
        ([mentee()], [mentor()], Policy(excluded={(1, 2, 3)}), r"policy.excluded: expected a \(mentee_id, mentor_id\) pair"),
        ([mentee()], [mentor()], Policy(language_required="yes"), r"policy.language_required must be True or False"),
        ([mentee()], [mentor()], "strict", r"policy must be a Policy, got str"),
    ],
)
def test_invalid_input_names_the_item(mentees, mentors, policy, message):
    with pytest.raises(MatchingError, match=message):
        validate(mentees, mentors, policy)
    with pytest.raises(MatchingError, match=message):
        match(mentees, mentors, policy)


def test_every_problem_is_reported_at_once():
    with pytest.raises(MatchingError, match="policy.objective must be one of") as caught:
        validate([mentee(1, levels={"cataloguing": 9}), mentee(1)], [mentor(5, capacity=0)], Policy(objective="x"))
    problems = caught.value.problems
    assert len(problems) == 4
    assert any("duplicate mentee id 1" in p for p in problems)
    assert any("mentor 5: capacity" in p for p in problems)
    assert isinstance(caught.value, ValueError)


def test_long_lists_of_problems_are_cut_in_the_message():
    mentors = [mentor(j, capacity=0) for j in range(25)]
    with pytest.raises(MatchingError, match=r"; and 15 more$") as caught:
        validate([], mentors, Policy())
    assert len(caught.value.problems) == 25


def test_known_skills_accept_valid_profiles():
    validate([mentee(levels={"classification": 2})], [mentor()], Policy(skills=SKILLS))


def test_the_other_entry_points_validate_too():
    with pytest.raises(MatchingError, match="capacity"):
        candidate_graph([mentee()], [mentor(capacity=0)])
    with pytest.raises(MatchingError, match="target"):
        score_pair(mentee(targets={"cataloguing": 9}), mentor())
    with pytest.raises(MatchingError, match="unknown mentee id 99"):
        why_not([mentee()], [mentor()], 99, 10)
    with pytest.raises(MatchingError, match="unknown mentor id 'x'"):
        why_not([mentee()], [mentor()], 1, "x")


def test_collections_are_frozen_on_construction():
    e = Mentee(1, {"cataloguing": 1}, {"cataloguing": 3}, languages=["id", "en"], availability=("mon-am",))
    assert e.languages == frozenset({"id", "en"})
    assert e.availability == frozenset({"mon-am"})
    levels = {"cataloguing": 1}
    e = Mentee(2, levels, {"cataloguing": 3})
    levels["cataloguing"] = 4
    assert e.levels == {"cataloguing": 1}
    assert Policy(excluded=[(1, 2)]).excluded == frozenset({(1, 2)})
