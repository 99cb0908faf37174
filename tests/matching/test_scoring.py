"""Scores, covered gaps and reasons: the one-pair definition and the vectorised scorer agree."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from matching import Cover, Mentee, Mentor, Policy, candidate_graph, score_pair
from tests.matching.helpers import random_round

PADANG = Mentee(1, {"cataloguing": 1}, {"cataloguing": 3, "classification": 2}, region="Padang",
                availability=frozenset({"mon-am", "sat-pm"}))
BUKITTINGGI = Mentor(7, {"cataloguing": 4, "classification": 3}, capacity=2, region="Bukittinggi",
                     availability=frozenset({"sat-pm"}))


def test_reasons_read_like_the_issue_example():
    pair = score_pair(PADANG, BUKITTINGGI)
    assert pair.reasons == (
        "covers cataloguing 1->3, classification 0->2",
        "both speak id",
        "both free sat-pm",
        "different regions: Padang / Bukittinggi",
    )
    assert pair.summary == ("covers cataloguing 1->3, classification 0->2; both speak id; both free sat-pm; "
                            "different regions: Padang / Bukittinggi")


def test_score_is_the_sum_of_its_parts():
    pair = score_pair(PADANG, BUKITTINGGI, Policy(region="avoid"))
    assert pair.parts == {"gaps": 40.0, "availability": 2.0, "region": 0.0}
    assert pair.score == 42.0
    assert pair.covered == (Cover("cataloguing", 1, 3, 4), Cover("classification", 0, 2, 3))


@pytest.mark.parametrize(("mode", "same", "different"), [("prefer", 3.0, 0.0), ("neutral", 0.0, 0.0),
                                                          ("avoid", -3.0, 0.0)])
def test_region_preference(mode, same, different):
    e = Mentee(1, {}, {"cataloguing": 3}, region="Padang")
    near = Mentor(2, {"cataloguing": 3}, capacity=1, region="Padang")
    far = Mentor(3, {"cataloguing": 3}, capacity=1, region="Solok")
    unknown = Mentor(4, {"cataloguing": 3}, capacity=1)
    policy = Policy(region=mode)
    assert score_pair(e, near, policy).parts["region"] == same
    assert score_pair(e, far, policy).parts["region"] == different
    assert score_pair(e, unknown, policy).parts["region"] == 0.0
    assert score_pair(e, near, policy).reasons[-1] == "same region: Padang"


def test_a_mentor_covers_a_gap_only_at_level_3_and_at_least_the_target():
    e = Mentee(1, {"cataloguing": 0, "promotion": 1}, {"cataloguing": 2, "promotion": 4, "evaluation": 1})
    r = Mentor(2, {"cataloguing": 2, "promotion": 3, "evaluation": 3}, capacity=1)
    pair = score_pair(e, r)
    assert [str(c) for c in pair.covered] == ["evaluation 0->1"]  # level 2 < 3; level 3 < target 4
    assert score_pair(e, Mentor(3, {"cataloguing": 2, "promotion": 3}, capacity=1)) is None


def test_targets_at_or_below_the_current_level_are_no_gap():
    e = Mentee(1, {"cataloguing": 3}, {"cataloguing": 2})
    assert score_pair(e, Mentor(2, {"cataloguing": 4}, capacity=1)) is None


def test_availability_counts_once_and_only_when_both_gave_slots():
    e = Mentee(1, {}, {"cataloguing": 3}, availability=frozenset({"mon-am", "tue-pm"}))
    both = Mentor(2, {"cataloguing": 3}, capacity=1, availability=frozenset({"mon-am", "tue-pm"}))
    none = Mentor(3, {"cataloguing": 3}, capacity=1, availability=frozenset({"sun-am"}))
    unknown = Mentor(4, {"cataloguing": 3}, capacity=1)
    assert score_pair(e, both).parts["availability"] == 2.0
    assert "both free mon-am, tue-pm" in score_pair(e, both).reasons
    assert score_pair(e, none).parts["availability"] == 0.0
    assert "no common free time" in score_pair(e, none).reasons
    assert not any("free" in r for r in score_pair(e, unknown).reasons)


def test_language_and_exclusions():
    e = Mentee(1, {}, {"cataloguing": 3}, languages=frozenset({"minang"}), institution="Perpustakaan Kota Solok")
    r = Mentor(2, {"cataloguing": 4}, capacity=1, institution="Perpustakaan Kota Solok")
    assert score_pair(e, r) is None
    pair = score_pair(e, r, Policy(language_required=False))
    assert "no shared language" in pair.reasons
    assert "same institution: Perpustakaan Kota Solok" in pair.reasons
    assert score_pair(e, r, Policy(language_required=False, same_institution="avoid")) is None
    assert score_pair(e, r, Policy(language_required=False, excluded={(1, 2)})) is None
    assert score_pair(e, r, Policy(language_required=False, min_score=30.01)) is None
    assert score_pair(e, r, Policy(language_required=False, min_score=30)).score == 30.0


def test_weights_are_exact_in_hundredths():
    e = Mentee(1, {}, {"cataloguing": 1}, availability=frozenset({"mon-am"}))
    r = Mentor(2, {"cataloguing": 3}, capacity=1, availability=frozenset({"mon-am"}))
    pair = score_pair(e, r, Policy(gap_weight=0.1, availability_weight=0.2))
    assert pair.score == 0.3
    assert score_pair(e, r, Policy(gap_weight=0.1, availability_weight=0.2, min_score=0.3)) is not None


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("policy", [
    Policy(),
    Policy(region="prefer", same_institution="avoid", min_score=25, availability_weight=1.5),
    Policy(region="avoid", language_required=False, gap_weight=7.25, mentee_candidates=2,
           mentor_candidates_per_slot=1),
])
def test_graph_edges_equal_the_one_pair_definition(seed, policy):
    rng = random.Random(seed)
    mentees, mentors = random_round(rng, 40, 12)
    policy = replace(policy, excluded=frozenset({(0, 100), (1, 101), (2, 102)}))
    G = candidate_graph(mentees, mentors, policy)
    by_id = {("mentee", p.id): p for p in mentees} | {("mentor", p.id): p for p in mentors}
    assert G.number_of_edges() > 0
    for u, v, data in G.edges(data=True):
        e, r = (by_id[u], by_id[v]) if u[0] == "mentee" else (by_id[v], by_id[u])
        pair = score_pair(e, r, policy)
        assert pair is not None
        assert (data["score"], data["parts"], data["covered"], data["reasons"]) == (
            pair.score, pair.parts, pair.covered, pair.reasons)
    for e in mentees:
        node = G.nodes[("mentee", e.id)]
        eligible = [r for r in mentors if score_pair(e, r, policy) is not None]
        assert node["eligible"] == len(eligible)
        assert min(policy.mentee_candidates, len(eligible)) <= G.degree(("mentee", e.id)) <= len(eligible)
