"""
Rounds
======

A matching round from profiles to explained pairs: :func:`match`, and the
moderator's question "why not mentor X for mentee Y?": :func:`why_not`.

:func:`match` validates the input, scores every pair with numpy and keeps
the candidate edges (:mod:`matching.candidates`), solves them exactly
(:mod:`matching.solve`) and proves the solution optimal over all pairs, or
adds the pairs that are missing and solves again (:mod:`matching.pricing`),
builds the candidate graph (:mod:`matching.graph`) and reads the pairs and
the reasons for the unmatched back from the graph.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace

import networkx as nx
import numpy as np

from matching.encode import encode, min_hundredths
from matching.exception import MatchingError
from matching.explain import unmatched_reason
from matching.graph import build_graph, collector_paused, mentee_node, mentor_node, search
from matching.model import Mentee, Mentor, Policy
from matching.pricing import optimum
from matching.results import Pair, RoundResult, Unmatched, WhyNot
from matching.scoring import assess
from matching.solve import Objective, assign, prefer
from matching.validate import validate

__all__ = ["match", "why_not", "assemble"]

Progress = Callable[[str, int, int], None] | None


def match(mentees: Sequence[Mentee], mentors: Sequence[Mentor], policy: Policy = Policy(),  # noqa: B008
          *, progress: Progress = None) -> RoundResult:
    """Assign mentors to mentees: the exact optimum of the policy's objective over all pairs.

    The solver works on the candidate graph, and the LP dual prices of its
    solution prove that no other pair could improve the round; if some
    could, they join the graph and the round is solved again.

    Parameters
    ----------
    mentees : sequence of Mentee
    mentors : sequence of Mentor
    policy : Policy, optional
        By default: as many mentees matched as possible, then the highest
        total score.
    progress : callable, optional
        Called as ``progress(stage, done, total)`` while the round runs, with
        stages ``"scoring"`` (once per block of mentees), ``"solve"``,
        ``"graph"`` and ``"explain"``, in that order.

    Returns
    -------
    RoundResult
        The pairs and the unmatched mentees (each with a reason) in mentee
        order, the candidate graph, the total score and stage timings in
        seconds. The same input always gives the same pairs.

    Raises
    ------
    MatchingError
        If the input is invalid; the message names every offending item.

    Examples
    --------
    Two mentees want cataloguing; the expert has one place, so the second
    mentee goes to the mentor who covers less:

    >>> mentees = [Mentee(1, {"cataloguing": 1}, {"cataloguing": 4}),
    ...            Mentee(2, {"cataloguing": 0}, {"cataloguing": 3})]
    >>> mentors = [Mentor(10, {"cataloguing": 4}, capacity=1), Mentor(11, {"cataloguing": 3}, capacity=1)]
    >>> result = match(mentees, mentors)
    >>> result.assignment(), result.total_score
    ({1: 10, 2: 11}, 60.0)
    >>> result.pair_for(2).summary
    'covers cataloguing 0->3; both speak id'
    >>> match(mentees, mentors[1:]).unmatched[0].code
    'no_cover'
    """
    report = progress or (lambda stage, done, total: None)
    started = time.perf_counter()
    validate(mentees, mentors, policy)
    enc = encode(mentees, mentors, policy)
    cands = search(enc, policy, progress)
    scored = time.perf_counter()
    report("solve", 0, 1)
    cands, mate, _ = optimum(enc, cands, policy.objective)
    report("solve", 1, 1)
    solved = time.perf_counter()
    with collector_paused():
        report("graph", 0, 1)
        graph = build_graph(enc, cands, policy)
        report("graph", 1, 1)
        built = time.perf_counter()
        result = assemble(graph, enc.mentees, enc.mentors, mate, policy)
    report("explain", 1, 1)
    done = time.perf_counter()
    timings = {"scoring": scored - started, "graph": built - solved, "solve": solved - scored, "explain": done - built}
    return replace(result, timings=timings)


def assemble(graph: nx.Graph, mentees: Sequence[Mentee], mentors: Sequence[Mentor], mate: np.ndarray,
             policy: Policy, extra: dict[int, Pair] | None = None) -> RoundResult:
    """The result of an assignment ``mate`` (mentor row per mentee row, -1 unmatched), read from ``graph``.

    ``extra`` gives pairs (by mentee row) that are not edges of the graph,
    such as a forced pair the candidate search pruned.
    """
    extra = extra or {}
    mate_list = mate.tolist()
    load = np.bincount(mate[mate >= 0], minlength=len(mentors)).tolist()
    full = {mentor_node(r.id) for r, used in zip(mentors, load, strict=True) if used >= r.capacity}
    pairs, unmatched, total = [], [], 0
    for i, (mentee, j) in enumerate(zip(mentees, mate_list, strict=True)):
        node = mentee_node(mentee.id)
        if j >= 0:
            pair = extra.get(i)
            if pair is None:
                data = graph.adj[node][mentor_node(mentors[j].id)]
                pair = Pair(mentee.id, mentors[j].id, data["score"], data["parts"], data["covered"], data["reasons"])
            pairs.append(pair)
            total += round(pair.score * 100)
        else:
            unmatched.append(_unmatched(graph, node, mentee, policy, full))
    return RoundResult(pairs=tuple(pairs), unmatched=tuple(unmatched), graph=graph, total_score=total / 100,
                       matched=len(pairs), timings={})


def _unmatched(graph: nx.Graph, node: tuple, mentee: Mentee, policy: Policy, full: set) -> Unmatched:
    data = graph.nodes[node]
    if not data["goals"]:
        code = "no_goals"
    elif not data["covering"]:
        code = "no_cover"
    elif not data["sharing_language"]:
        code = "no_language"
    elif not data["allowed"]:
        code = "excluded"
    elif not data["eligible"]:
        code = "below_min_score"
    else:
        code = "capacity"
    neighbours = graph.adj[node]
    reason = unmatched_reason(code, covering=data["covering"], sharing_language=data["sharing_language"],
                              allowed=data["allowed"], best_score=data["best_score"], min_score=policy.min_score,
                              candidates=len(neighbours), full=all(v in full for v in neighbours))
    return Unmatched(mentee.id, code, reason)


def why_not(mentees: Sequence[Mentee], mentors: Sequence[Mentor], mentee_id: Hashable, mentor_id: Hashable,
            policy: Policy = Policy(), *, baseline: RoundResult | None = None) -> WhyNot:  # noqa: B008
    """Why is ``mentor_id`` not the mentor of ``mentee_id``? Force the pair, solve again, compare.

    Parameters
    ----------
    mentees, mentors : sequences of Mentee and Mentor
    mentee_id, mentor_id : hashable
    policy : Policy, optional
    baseline : RoundResult, optional
        The round's result for these inputs and policy, if already computed
        (saves solving it again).

    Returns
    -------
    WhyNot
        When the pair is not a candidate, ``reason`` says why (no covered
        gap, no shared language, excluded, ...). Otherwise ``forced`` is the
        best round containing the pair, solved on the baseline's candidate
        graph (each mentee's best options, and every pair pricing needed);
        ``score_lost`` and ``matched_lost`` are what the whole round loses,
        and ``displaced`` lists every mentee whose mentor changes, the
        forced one included. Among equally good forced rounds, the one
        keeping most of the baseline's pairs is chosen.

    Raises
    ------
    MatchingError
        If the input is invalid or either id is not in the round.

    Examples
    --------
    >>> mentees = [Mentee(1, {}, {"cataloguing": 3}), Mentee(2, {}, {"cataloguing": 3, "promotion": 3})]
    >>> mentors = [Mentor(10, {"cataloguing": 3, "promotion": 3}, capacity=1), Mentor(11, {"cataloguing": 3}, capacity=1)]
    >>> answer = why_not(mentees, mentors, 2, 11)
    >>> answer.score_lost, answer.matched_lost, answer.displaced
    (30.0, 0, ((1, 11, 10), (2, 10, 11)))
    >>> why_not(mentees, mentors, 1, 11).reason
    'Mentor 11 already mentors mentee 1 in the best round: forcing the pair loses nothing.'
    """
    validate(mentees, mentors, policy)
    mentees, mentors = list(mentees), list(mentors)
    i = _row(mentees, mentee_id, "mentee")
    j = _row(mentors, mentor_id, "mentor")
    if baseline is None:
        baseline = match(mentees, mentors, policy)
    for e in mentees:
        if mentee_node(e.id) not in baseline.graph:
            raise MatchingError(f"mentee {e.id!r} is not in the baseline's graph: the baseline is of another round")
    verdict = assess(mentees[i], mentors[j], policy)
    if verdict.pair is None:
        return WhyNot(mentee_id, mentor_id, False, f"Not a candidate: {verdict.reason}.", None, baseline, None,
                      0.0, 0, (), verdict.code)
    if baseline.mentor_of(mentee_id) == mentor_id:
        return WhyNot(mentee_id, mentor_id, True,
                      f"Mentor {mentor_id!r} already mentors mentee {mentee_id!r} in the best round: "
                      "forcing the pair loses nothing.", baseline.pair_for(mentee_id), baseline, baseline, 0.0, 0, ())

    mentee, mentor, score = _graph_edges(baseline.graph, mentees, mentors)
    before = np.array([-1 if p is None else p for p in _mates(baseline, mentors, mentees)], np.int64)
    best = np.full(len(mentees), np.iinfo(np.int64).min)
    np.maximum.at(best, mentee, score)
    goal = Objective.of(policy.objective, best[best > np.iinfo(np.int64).min], min_hundredths(policy.min_score))
    rest = mentee != i
    mentee, mentor, score = mentee[rest], mentor[rest], score[rest]
    capacity = np.array([r.capacity for r in mentors], np.int64)
    capacity[j] -= 1
    weight = prefer(goal.weights(score), before[mentee] == mentor, len(mentees))
    mate = assign(capacity, mentee, mentor, weight, len(mentees))
    mate[i] = j
    forced = assemble(baseline.graph, mentees, mentors, mate, policy, extra={i: verdict.pair})
    displaced = tuple((p.id, None if b < 0 else mentors[b].id, None if a < 0 else mentors[a].id)
                      for p, b, a in zip(mentees, before.tolist(), mate.tolist(), strict=True) if a != b)
    score_lost = round(baseline.total_score - forced.total_score, 2)
    matched_lost = baseline.matched - forced.matched
    others = len(displaced) - 1
    reason = (f"Forcing mentor {mentor_id!r} for mentee {mentee_id!r} changes the total score by {-score_lost:+.2f} "
              f"and the number matched by {-matched_lost:+d}; {others} other mentee{'' if others == 1 else 's'} "
              f"change{'s' if others == 1 else ''} mentor.")
    return WhyNot(mentee_id, mentor_id, True, reason, verdict.pair, baseline, forced, score_lost, matched_lost,
                  displaced)


def _row(people: list, person_id: Hashable, kind: str) -> int:
    for row, person in enumerate(people):
        if person.id == person_id:
            return row
    raise MatchingError(f"unknown {kind} id {person_id!r}")


def _mates(result: RoundResult, mentors: list[Mentor], mentees: list[Mentee]) -> list[int | None]:
    col = {r.id: j for j, r in enumerate(mentors)}
    return [None if (m := result.mentor_of(e.id)) is None else col[m] for e in mentees]


def _graph_edges(graph: nx.Graph, mentees: list[Mentee], mentors: list[Mentor]) -> tuple[np.ndarray, ...]:
    """(mentee rows, mentor rows, scores in hundredths) of the graph's edges, in mentee then mentor order."""
    col = {mentor_node(r.id): j for j, r in enumerate(mentors)}
    rows, cols, scores = [], [], []
    for i, e in enumerate(mentees):
        for v, data in graph.adj[mentee_node(e.id)].items():
            rows.append(i)
            cols.append(col[v])
            scores.append(round(data["score"] * 100))
    return (np.array(rows, np.int64), np.array(cols, np.int64), np.array(scores, np.int64))
