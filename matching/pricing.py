"""
Pricing
=======

Proof that the optimum on the candidate graph is the optimum over *all*
pairs, or the pairs that are missing: column generation with the linear
programme's dual prices.

The assignment is the integer programme ``max sum w_ij x_ij`` with each
mentee in at most one pair and mentor ``j`` in at most ``capacity_j``. Its
dual gives each mentee a price ``u_i >= 0`` and each mentor ``v_j >= 0``
with ``u_i + v_j >= w_ij`` for every pair. For an optimal solution on the
candidate graph, :func:`duals` finds prices that are tight on its pairs and
satisfy every candidate edge. If they also satisfy every pair outside the
graph, no pair could improve the round: the solution is optimal over the
whole population (the dual's value equals the primal's). Otherwise
:func:`price` returns the violating pairs, and :func:`optimum` adds them to
the graph and solves again (see there). Measured on the benchmark rounds,
the candidate graph is already optimal at 1,000 and 5,000 mentees or needs
a few hundred pairs more; at 20,000 x 4,000 about a hundred.

The duals come from the optimal solution by longest paths on the mentors
(prices propagate along "mentee i leaves mentor a for mentor b" moves),
computed with numpy in a dozen rounds; pricing reads the rank matrix the
scorer kept, so it costs about one pass over ``n x m`` bytes (0.16 s at
20,000 x 4,000).
"""

from __future__ import annotations

import numpy as np

from matching.candidates import Candidates, Scored, edge_terms
from matching.encode import Encoded
from matching.exception import MatchingError
from matching.solve import Objective, assign

__all__ = ["duals", "price", "optimum"]

_BLOCK = 1 << 20  # pairs priced at once


def duals(n: int, m: int, mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray,
          mate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dual prices ``(u, v)`` certifying ``mate`` optimal on the edges ``(mentee, mentor, weight)``.

    ``mate`` must be an optimal assignment of those edges (mentor row per
    mentee row, -1 unmatched). ``v`` is the smallest price vector that works:
    a mentor's price is what its last place is worth to someone else.

    Examples
    --------
    One mentor with one place; mentee 1 (weight 7) beats mentee 0 (weight 5):

    >>> u, v = duals(2, 1, np.array([0, 1]), np.array([0, 0]), np.array([5, 7]), np.array([-1, 0]))
    >>> u.tolist(), v.tolist()
    ([0, 2], [5])
    """
    matched = mate[mentee] == mentor
    paid = np.zeros(n, np.int64)
    paid[mentee[matched]] = weight[matched]
    v = np.zeros(m, np.int64)
    free = mate[mentee] < 0
    np.maximum.at(v, mentor[free], np.maximum(weight[free], 0))
    # Mentee i, matched to a, would take b if v_a rose above v_b + (paid_i - w_ib).
    move = ~matched & ~free
    source, target = mate[mentee[move]], mentor[move]
    gain = weight[move] - paid[mentee[move]]
    order = np.argsort(target, kind="stable")
    source, target, gain = source[order], target[order], gain[order]
    starts = np.flatnonzero(np.r_[True, target[1:] != target[:-1]]) if len(target) else np.zeros(0, np.int64)
    heads = target[starts]
    for _ in range(m + 1):  # Bellman-Ford's bound; at an optimum there is no positive cycle
        if not len(starts):
            break
        offered = np.maximum.reduceat(v[source] + gain, starts)
        rise = offered > v[heads]
        if not rise.any():
            break
        v[heads[rise]] = offered[rise]
    else:
        raise MatchingError("internal error: the assignment handed to pricing is not optimal")
    u = np.where(mate >= 0, paid - v[np.maximum(mate, 0)], 0) if m else np.zeros(n, np.int64)
    return u, v


def price(scored: Scored, alpha: int, beta: int, u: np.ndarray, v: np.ndarray,
          known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs outside ``known`` that the prices do not cover: (mentee rows, mentor rows).

    A pair's weight is ``alpha * score + beta``; it violates the prices when
    its weight exceeds ``u_i + v_j``. ``known`` holds the sorted codes
    ``mentee * m + mentor`` of the pairs the prices were computed on.

    Prices take few distinct values (they are sums of coarse scores), so the
    comparison is done in rank space: for each mentee and each distinct
    mentor price, the highest rank the prices still cover, then one byte
    compare per pair. With more than 255 distinct prices it compares weights.
    """
    n, m = scored.ranks.shape
    empty = np.zeros(0, np.int64)
    if n == 0 or m == 0:
        return empty, empty
    weight = alpha * scored.levels + beta  # by rank; rank 0 is never a candidate
    # Only a mentee whose best pair beats its price plus the cheapest mentor's can violate.
    rows = np.flatnonzero((scored.top > 0) & (weight[scored.top] > u + v.min()))
    prices, group = np.unique(v, return_inverse=True)
    by_rank = len(prices) < 256 and len(scored.levels) <= np.iinfo(scored.ranks.dtype).max + 1
    found_i, found_j = [], []
    step = max(1, _BLOCK // m)
    for r0 in range(0, len(rows), step):
        chunk = rows[r0:r0 + step]
        ranks = scored.ranks[chunk]
        if by_rank:
            # covered[i, g]: ranks up to this are covered by u_i + prices[g]
            covered = np.searchsorted(weight[1:], u[chunk, None] + prices[None, :], side="right")
            over = ranks > np.take(covered.astype(scored.ranks.dtype), group, axis=1)
        else:
            pair_weight = np.where(ranks > 0, weight[ranks], np.iinfo(np.int64).min)
            over = pair_weight > u[chunk, None] + v[None, :]
        i, j = np.nonzero(over)
        found_i.append(chunk[i])
        found_j.append(j)
    if not found_i:
        return empty, empty
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    code = i * m + j
    place = np.searchsorted(known, code)
    new = (place == len(known)) | (known[np.minimum(place, len(known) - 1)] != code)
    return i[new], j[new]


def optimum(enc: Encoded, cands: Candidates, objective: str, *,
            per_mentee: int = 20) -> tuple[Candidates, np.ndarray, int]:
    """The optimum over all pairs: solve on a working set of pairs, price, add what is missing, repeat.

    The working set starts as the candidate graph. After a solve that the
    prices do not prove optimal, it becomes the pairs the prices hold
    exactly (the solution's among them) plus the violating pairs, at most
    ``per_mentee`` per mentee (the most violating), which also join the
    graph. A smaller set solves faster, and pricing checks every pair anyway.
    Should a solve not improve the total, nothing is dropped, so the loop
    cannot cycle.

    Returns the graph's candidates (the starting ones plus any priced in),
    the assignment (mentor row per mentee row, -1 unmatched) and the number
    of solves.
    """
    n, m = enc.shape
    if not len(cands.mentee):  # no mentee has a candidate at all: nothing to solve or price
        return cands, np.full(n, -1, np.int64), 0
    scored = cands.scored
    goal = Objective.of(objective, scored.levels[scored.top[scored.top > 0]], enc.min_score)
    code, score = cands.mentee * m + cands.mentor, cands.terms.score
    solves, total = 0, None
    while True:
        work_i, work_j = code // m, code % m
        weight = goal.weights(score)
        mate = assign(enc.capacity, work_i, work_j, weight, n)
        solves += 1
        u, v = duals(n, m, work_i, work_j, weight, mate)
        add_i, add_j = price(scored, goal.alpha, goal.beta, u, v, code)
        if not len(add_i):
            return cands, mate, solves
        excess = goal.alpha * scored.levels[scored.ranks[add_i, add_j]] + goal.beta - u[add_i] - v[add_j]
        order = np.lexsort((-excess, add_i))
        add_i, add_j = add_i[order], add_j[order]
        first = np.arange(len(add_i)) - np.searchsorted(add_i, add_i)
        add_i, add_j = add_i[first < per_mentee], add_j[first < per_mentee]
        cands = cands.extend(enc, add_i, add_j)
        value = int(weight[mate[work_i] == work_j].sum())
        keep = (u[work_i] + v[work_j] == weight) if total is None or value > total else slice(None)
        total = value
        new = add_i * m + add_j
        merged = np.concatenate([code[keep], new])
        order = np.argsort(merged, kind="stable")
        code = merged[order]
        score = np.concatenate([score[keep], edge_terms(enc, add_i, add_j).score])[order]
