"""The round is the exact optimum: against brute force, NetworkX's network simplex, and all pairs."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import numpy as np
import pytest

from matching import Mentee, Mentor, Policy, greedy, match, score_pair
from matching.candidates import find_candidates
from matching.encode import encode
from matching.solve import Objective, assign
from tests.matching.helpers import brute_force, flow_oracle, random_round, value

OBJECTIVES = ["max_matched", "max_score"]


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("seed", range(40))
def test_tiny_rounds_equal_brute_force(seed, objective):
    rng = random.Random(seed)
    mentees, mentors = random_round(rng, rng.randint(1, 6), rng.randint(1, 3), max_capacity=2)
    policy = Policy(objective=objective, region=rng.choice(["prefer", "neutral", "avoid"]),
                    min_score=rng.choice([0, 25, -5]), excluded={(0, 100)})
    assert value(match(mentees, mentors, policy)) == brute_force(mentees, mentors, policy)


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("seed", range(8))
def test_medium_rounds_equal_network_simplex_on_all_pairs(seed, objective):
    rng = random.Random(1000 + seed)
    mentees, mentors = random_round(rng, 60, 15, popular=seed % 3)
    policy = Policy(objective=objective, region=rng.choice(["prefer", "avoid"]),
                    mentee_candidates=rng.choice([1, 3, 20]), mentor_candidates_per_slot=rng.choice([1, 2, 20]))
    assert value(match(mentees, mentors, policy)) == flow_oracle(mentees, mentors, policy)


def test_the_objectives_differ_when_a_great_pair_blocks_two_modest_ones():
    mentees = [Mentee(1, {}, {"cataloguing": 1, "promotion": 4, "evaluation": 4}), Mentee(2, {}, {"promotion": 1})]
    mentors = [Mentor(10, {"cataloguing": 3}, capacity=1),
               Mentor(11, {"cataloguing": 3, "promotion": 4, "evaluation": 4}, capacity=1)]
    by_count = match(mentees, mentors)
    assert by_count.assignment() == {1: 10, 2: 11} and value(by_count) == (2, 2000)
    by_score = match(mentees, mentors, Policy(objective="max_score"))
    assert by_score.assignment() == {1: 11} and value(by_score) == (1, 9000)
    assert [u.code for u in by_score.unmatched] == ["capacity"]


def contested(n_mentees: int = 40, n_popular: int = 4, n_plain: int = 12) -> tuple[list, list]:
    """Everyone's favourite few mentors cover everything with one place each; the rest cover one skill."""
    rng = random.Random(7)
    skills = ["cataloguing", "classification", "promotion", "evaluation"]
    mentees = [Mentee(i, {}, {s: 3 for s in rng.sample(skills, 2)}) for i in range(n_mentees)]
    mentors = [Mentor(100 + j, {s: 4 for s in skills}, capacity=1) for j in range(n_popular)]
    mentors += [Mentor(200 + j, {skills[j % 4]: 3}, capacity=2) for j in range(n_plain)]
    return mentees, mentors


def optimum_on(mentees, mentors, policy, *, mentor_lists: bool = True) -> tuple[tuple[int, int], int]:
    """The optimum on the pruned candidate graph alone, without pricing, and its number of edges."""
    enc = encode(mentees, mentors, policy)
    cands = find_candidates(enc, mentee_k=policy.mentee_candidates,
                            mentor_k_per_slot=policy.mentor_candidates_per_slot if mentor_lists else 0,
                            language_required=True, avoid_institution=False)
    top = cands.scored.top
    goal = Objective.of(policy.objective, cands.scored.levels[top[top > 0]], enc.min_score)
    mate = assign(enc.capacity, cands.mentee, cands.mentor, goal.weights(cands.terms.score), len(mentees))
    chosen = mate[cands.mentee] == cands.mentor
    return (int((mate >= 0).sum()), int(cands.terms.score[chosen].sum())), len(cands.mentee)


ALL = Policy(mentee_candidates=1000, mentor_candidates_per_slot=1000)
SHORT = Policy(mentee_candidates=2, mentor_candidates_per_slot=2)


def test_mentee_short_lists_alone_lose_matches_on_contested_mentors():
    mentees, mentors = contested()
    (matched, _), _ = optimum_on(mentees, mentors, SHORT, mentor_lists=False)
    (best, _), _ = optimum_on(mentees, mentors, ALL)
    assert matched < best  # every short list names the same few popular mentors


def test_mentor_lists_recover_the_all_pairs_optimum_with_fewer_edges():
    mentees, mentors = contested()
    pruned, pruned_edges = optimum_on(mentees, mentors, SHORT)
    best, all_edges = optimum_on(mentees, mentors, ALL)
    assert pruned == best
    assert pruned_edges < all_edges / 2


def test_pricing_adds_what_the_pruned_graph_misses():
    mentees, mentors = contested()
    tiny = Policy(mentee_candidates=1, mentor_candidates_per_slot=1)
    (best, _) = optimum_on(mentees, mentors, ALL)
    assert optimum_on(mentees, mentors, tiny)[0] < best
    assert value(match(mentees, mentors, tiny)) == best


def test_result_is_well_formed():
    rng = random.Random(3)
    mentees, mentors = random_round(rng, 50, 12)
    result = match(mentees, mentors)
    assert [p.mentee for p in result.pairs] == [e.id for e in mentees if result.pair_for(e.id)]
    assert len(result.pairs) + len(result.unmatched) == len(mentees)
    assert result.matched == len(result.pairs)
    assert result.total_score == round(sum(p.score for p in result.pairs), 2)
    assert set(result.timings) == {"scoring", "graph", "solve", "explain"}
    assert sum(result.load().values()) == result.matched
    for pair in result.pairs:
        assert result.graph.has_edge(("mentee", pair.mentee), ("mentor", pair.mentor))
        assert result.mentor_of(pair.mentee) == pair.mentor
        assert pair in result.pairs_of(pair.mentor)


def test_optimum_is_at_least_greedy():
    rng = random.Random(11)
    mentees, mentors = random_round(rng, 80, 10, popular=2)
    best, base = match(mentees, mentors), greedy(mentees, mentors)
    assert (best.matched, best.total_score) >= (base.matched, base.total_score)
    assert base.matched <= best.matched


def test_progress_is_reported():
    rng = random.Random(5)
    mentees, mentors = random_round(rng, 30, 8)
    seen = []
    match(mentees, mentors, progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = [s for s, _, _ in seen]
    assert stages[0] == "scoring" and stages[-1] == "explain"
    assert {"scoring", "solve", "graph", "explain"} <= set(stages)
    assert ("scoring", 30, 30) in seen


def test_empty_rounds():
    assert match([], []).matched == 0
    result = match([Mentee(1, {}, {"cataloguing": 3})], [])
    assert [u.code for u in result.unmatched] == ["no_cover"]
    assert match([], [Mentor(1, {"cataloguing": 4}, capacity=1)]).load() == {1: 0}


def test_same_input_same_pairs_whatever_the_hash_seed():
    script = (
        "import random, sys; sys.path.insert(0, '.');"
        "from tests.matching.helpers import random_round; from matching import match;"
        "m = random_round(random.Random(2), 120, 20, popular=3);"
        "print(sorted(match(*m).assignment().items()))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True,
                                   text=True, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__)))).stdout)
    assert len(outputs) == 1


def test_assign_respects_capacity_and_prefers_higher_weights():
    capacity = np.array([1, 2])
    mentee = np.array([0, 0, 1, 2, 3])
    mentor = np.array([0, 1, 1, 1, 1])
    weight = np.array([9, 1, 5, 6, 7])
    mate = assign(capacity, mentee, mentor, weight, 4)
    assert mate.tolist() == [0, -1, 1, 1]


def test_wide_rounds_many_skills_slots_languages_and_score_levels():
    # More than 32 skills, slots and languages (several words per bit set) and more than 254
    # distinct scores (two-byte ranks): the same optimum as the oracle, the same words as score_pair.
    rng = random.Random(21)
    skills = [f"skill-{k}" for k in range(40)]
    slots = [f"slot-{k}" for k in range(70)]
    languages = [f"lang-{k}" for k in range(66)]

    def person():
        return {"languages": frozenset(rng.sample(languages, 3)) | {"id"},
                "availability": frozenset(rng.sample(slots, rng.randint(0, 3))),
                "region": rng.choice(["Padang", "Solok", ""])}

    mentees = [Mentee(i, {}, {s: 4 for s in rng.sample(skills, rng.randint(1, 25))}, **person()) for i in range(40)]
    mentors = [Mentor(100 + j, {s: rng.choice((3, 4)) for s in rng.sample(skills, 30)}, rng.randint(1, 3), **person())
               for j in range(12)]
    policy = Policy(gap_weight=10, availability_weight=0.07, region_weight=0.03, region="prefer",
                    mentee_candidates=3, mentor_candidates_per_slot=1)
    enc = encode(mentees, mentors, policy)
    cands = find_candidates(enc, mentee_k=3, mentor_k_per_slot=1, language_required=True, avoid_institution=False)
    assert cands.scored.ranks.dtype == np.uint16
    assert value(match(mentees, mentors, policy)) == flow_oracle(mentees, mentors, policy)
    by_id = {p.id: p for p in mentees} | {p.id: p for p in mentors}
    for pair in match(mentees, mentors, policy).pairs:
        assert score_pair(by_id[pair.mentee], by_id[pair.mentor], policy) == pair


def test_weights_too_large_for_exact_float_arithmetic_are_refused():
    with pytest.raises(ValueError, match="scores too large to solve exactly"):
        assign(np.array([1]), np.array([0]), np.array([0]), np.array([2**53]), 1)
