"""Properties that hold for every round (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import Mentee, Mentor, Policy, match, score_pair
from tests.matching.helpers import better, brute_force, value

SKILLS = ["cataloguing", "classification", "promotion", "evaluation"]
level = st.integers(0, 4)


@st.composite
def people(draw, kind, ids):
    levels = draw(st.dictionaries(st.sampled_from(SKILLS), level, max_size=4))
    common = {
        "region": draw(st.sampled_from(["", "Padang", "Solok"])),
        "languages": draw(st.sampled_from([frozenset({"id"}), frozenset({"id", "en"}), frozenset({"minang"})])),
        "institution": draw(st.sampled_from(["", "Perpustakaan Kota Padang"])),
        "availability": draw(st.frozensets(st.sampled_from(["mon-am", "sat-pm", "sun-am"]), max_size=2)),
    }
    if kind is Mentee:
        targets = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), min_size=1, max_size=3))
        return Mentee(ids, levels, targets, **common)
    return Mentor(ids, levels, draw(st.integers(1, 3)), **common)


@st.composite
def rounds(draw, max_mentees=12, max_mentors=5):
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    mentees = [draw(people(Mentee, i)) for i in range(n)]
    mentors = [draw(people(Mentor, 100 + j)) for j in range(m)]
    excluded = draw(st.frozensets(st.tuples(st.integers(0, max(n, 1)), st.integers(100, 100 + max(m, 1))),
                                  max_size=4))
    policy = Policy(
        objective=draw(st.sampled_from(["max_matched", "max_score"])),
        region=draw(st.sampled_from(["prefer", "neutral", "avoid"])),
        same_institution=draw(st.sampled_from(["neutral", "avoid"])),
        min_score=draw(st.sampled_from([0.0, 15.0, -5.0])),
        mentee_candidates=draw(st.integers(1, 4)),
        mentor_candidates_per_slot=draw(st.integers(1, 3)),
        excluded=excluded,
    )
    return mentees, mentors, policy


PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(rounds())
def test_pairs_are_valid(case):
    mentees, mentors, policy = case
    result = match(mentees, mentors, policy)
    by_id = {m.id: m for m in mentors}
    mentee_by_id = {e.id: e for e in mentees}
    seen = [p.mentee for p in result.pairs]
    assert len(seen) == len(set(seen))  # every mentee at most once
    for mentor_id, used in result.load().items():
        assert used <= by_id[mentor_id].capacity  # capacity never exceeded
    for pair in result.pairs:
        assert (pair.mentee, pair.mentor) not in policy.excluded  # no excluded pair
        assert pair.covered and all(c.target > c.current for c in pair.covered)  # every pair covers a gap
        assert score_pair(mentee_by_id[pair.mentee], by_id[pair.mentor], policy) == pair
    assert {u.mentee for u in result.unmatched} | set(seen) == set(mentee_by_id)


@PROPERTIES
@given(rounds(), st.data())
def test_adding_a_mentor_never_lowers_the_optimum(case, data):
    mentees, mentors, policy = case
    extra = data.draw(people(Mentor, 999))
    before = value(match(mentees, mentors, policy))
    after = value(match(mentees, [*mentors, extra], policy))
    assert not better(before, after, policy.objective)


@settings(PROPERTIES, max_examples=20)
@given(rounds())
def test_same_input_same_pairs(case):
    mentees, mentors, policy = case
    first, second = match(mentees, mentors, policy), match(list(mentees), list(mentors), policy)
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched


@PROPERTIES
@given(rounds(max_mentees=6, max_mentors=3))
def test_tiny_rounds_equal_brute_force(case):
    mentees, mentors, policy = case
    mentors = [Mentor(r.id, r.levels, min(r.capacity, 2), r.region, r.languages, r.institution, r.availability)
               for r in mentors]
    assert value(match(mentees, mentors, policy)) == brute_force(mentees, mentors, policy)
