"""
Greedy baseline
===============

The score-sorted greedy pass that :func:`matching.match` is measured against,
for the benchmark and the tests only: the site never uses it. Taking the
best remaining pair first leaves contested mentors to whoever happens to
score highest with them, and mentees who had only those mentors go
unmatched; the benchmark prints how much that costs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from matching.encode import encode
from matching.graph import build_graph, search
from matching.model import Mentee, Mentor, Policy
from matching.results import RoundResult
from matching.rounds import assemble
from matching.validate import validate

__all__ = ["greedy"]


def greedy(mentees: Sequence[Mentee], mentors: Sequence[Mentor], policy: Policy = Policy()) -> RoundResult:  # noqa: B008
    """Pair greedily on the candidate graph: highest score first, while both sides have room.

    Not used by the site: a baseline for the benchmark and the tests. Ties
    go to the earlier mentee, then the earlier mentor. ``policy.objective``
    is ignored.

    Parameters
    ----------
    mentees : sequence of Mentee
    mentors : sequence of Mentor
    policy : Policy, optional

    Returns
    -------
    RoundResult

    Examples
    --------
    The expert is taken by the higher-scoring mentee, and the other mentee,
    whom only the expert could help, is left out (the optimum matches both):

    >>> mentees = [Mentee(1, {}, {"cataloguing": 3, "promotion": 3}), Mentee(2, {}, {"promotion": 4})]
    >>> mentors = [Mentor(10, {"cataloguing": 3, "promotion": 4}, capacity=1), Mentor(11, {"cataloguing": 3}, capacity=1)]
    >>> greedy(mentees, mentors).assignment()
    {1: 10}
    >>> from matching import match
    >>> match(mentees, mentors).assignment()
    {1: 11, 2: 10}
    """
    started = time.perf_counter()
    validate(mentees, mentors, policy)
    enc = encode(mentees, mentors, policy)
    cands = search(enc, policy)
    scored = time.perf_counter()
    graph = build_graph(enc, cands, policy)
    built = time.perf_counter()
    order = np.lexsort((cands.mentor, cands.mentee, -cands.terms.score))
    room = enc.capacity.tolist()
    mate = [-1] * len(enc.mentees)
    for i, j in zip(cands.mentee[order].tolist(), cands.mentor[order].tolist(), strict=True):
        if mate[i] < 0 and room[j] > 0:
            mate[i] = j
            room[j] -= 1
    solved = time.perf_counter()
    result = assemble(graph, enc.mentees, enc.mentors, np.array(mate, np.int64), policy)
    done = time.perf_counter()
    return replace(result, timings={"scoring": scored - started, "graph": built - scored, "solve": solved - built,
                                    "explain": done - solved})
