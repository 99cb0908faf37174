"""Random rounds, brute force and an independent min-cost-flow oracle for the matcher's tests."""

from __future__ import annotations

import itertools
import random

import networkx as nx

from matching import Mentee, Mentor, Policy, RoundResult, score_pair

SKILLS = ["cataloguing", "classification", "digital-catalogue", "social-media", "promotion", "evaluation"]
REGIONS = ["Padang", "Bukittinggi", "Solok", "Jakarta"]
SLOTS = ["mon-am", "tue-pm", "sat-am", "sat-pm"]


def random_round(rng: random.Random, n_mentees: int, n_mentors: int, *, skills: list[str] = SKILLS,
                 max_capacity: int = 3, popular: int = 0) -> tuple[list[Mentee], list[Mentor]]:
    """A small random round; with ``popular`` > 0 that many mentors cover nearly everything (contested)."""
    mentees = []
    for i in range(n_mentees):
        levels = {s: rng.randint(0, 2) for s in skills if rng.random() < 0.5}
        targets = {}
        for s in rng.sample(skills, rng.randint(1, 3)):
            targets[s] = min(4, levels.get(s, 0) + rng.randint(1, 3))
        mentees.append(Mentee(i, levels, targets, **_person(rng)))
    mentors = []
    for j in range(n_mentors):
        strong = skills if j < popular else rng.sample(skills, rng.randint(1, 3))
        levels = {s: rng.choice((3, 4)) for s in strong}
        capacity = 1 if j < popular else rng.randint(1, max_capacity)
        mentors.append(Mentor(100 + j, levels, capacity, **_person(rng)))
    return mentees, mentors


def _person(rng: random.Random) -> dict:
    return {
        "region": rng.choice(REGIONS + [""]),
        "languages": frozenset(rng.choice([{"id"}, {"id"}, {"id", "en"}, {"minang"}])),
        "institution": rng.choice(["Perpustakaan Kota Padang", "Perpustakaan UNAND", ""]),
        "availability": frozenset(rng.sample(SLOTS, rng.randint(0, 2))),
    }


def hundredths(score: float) -> int:
    return round(score * 100)


def all_pairs(mentees, mentors, policy: Policy) -> dict[tuple[int, int], int]:
    """Every candidate pair by (mentee row, mentor row), scored one at a time in plain Python."""
    pairs = {}
    for i, e in enumerate(mentees):
        for j, r in enumerate(mentors):
            pair = score_pair(e, r, policy)
            if pair is not None:
                pairs[i, j] = hundredths(pair.score)
    return pairs


def better(a: tuple[int, int], b: tuple[int, int], objective: str) -> bool:
    """Is (matched, score) ``a`` better than ``b`` under ``objective``?"""
    if objective == "max_matched":
        return a > b
    return (a[1], a[0]) > (b[1], b[0])


def brute_force(mentees, mentors, policy: Policy) -> tuple[int, int]:
    """The best (matched, score in hundredths) over every possible assignment."""
    pairs = all_pairs(mentees, mentors, policy)
    best = (0, 0)
    options = [[None] + [j for j in range(len(mentors)) if (i, j) in pairs] for i in range(len(mentees))]
    for choice in itertools.product(*options):
        load = [0] * len(mentors)
        for j in choice:
            if j is not None:
                load[j] += 1
        if any(used > r.capacity for used, r in zip(load, mentors, strict=True)):
            continue
        value = (sum(j is not None for j in choice),
                 sum(pairs[i, j] for i, j in enumerate(choice) if j is not None))
        if better(value, best, policy.objective):
            best = value
    return best


def flow_oracle(mentees, mentors, policy: Policy) -> tuple[int, int]:
    """The best (matched, score in hundredths) by NetworkX's network simplex on all pairs."""
    pairs = all_pairs(mentees, mentors, policy)
    n = len(mentees)
    if policy.objective == "max_matched":
        big = sum(max(0, s) for s in pairs.values()) + n * max(0, -hundredths(policy.min_score)) + 1
        cost = {p: -(big + s) for p, s in pairs.items()}
    else:
        cost = {p: -(s * (n + 1) + 1) for p, s in pairs.items()}
    G = nx.DiGraph()
    G.add_node("s", demand=-n)
    G.add_node("t", demand=n)
    for i in range(n):
        G.add_edge("s", ("e", i), capacity=1, weight=0)
        G.add_edge(("e", i), "t", capacity=1, weight=0)  # stays unmatched
    for j, r in enumerate(mentors):
        G.add_edge(("r", j), "t", capacity=r.capacity, weight=0)
    for (i, j), c in cost.items():
        if c < 0:
            G.add_edge(("e", i), ("r", j), capacity=1, weight=c)
    _, flow = nx.network_simplex(G)
    chosen = [(i, j) for (i, j) in cost if flow[("e", i)].get(("r", j), 0)]
    return len(chosen), sum(pairs[p] for p in chosen)


def value(result: RoundResult) -> tuple[int, int]:
    """(matched, total score in hundredths) of a round."""
    return result.matched, hundredths(result.total_score)
