"""
Solver
======

An exact optimum over a set of candidate pairs (:mod:`matching.pricing`
extends it to all pairs): each mentee gets at most one mentor, each mentor
at most ``capacity`` mentees, and the objective is lexicographic, in
integers so that it is exact (see :class:`Objective`):

* ``"max_matched"``: weight ``BIG + score`` per pair, with ``BIG`` above any
  possible difference in total score, so one more matched mentee always
  outweighs any score; among maximum matchings, the highest total score.
* ``"max_score"``: weight ``score * (N + 1) + 1``, so the total score decides
  and, among equal totals, more matched mentees win.

Scores are integers (hundredths of a point); all costs stay far below 2**53,
where float64 arithmetic is exact, and the solver checks that they do.

The problem is handed to :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`
(LAPJVsp, Jonker-Volgenant for sparse graphs) as CSR arrays built directly
with numpy: a mentor becomes ``capacity`` interchangeable slot columns (never
more slots than the mentor has candidates), and one "unmatched" column per
mentee makes a full matching always exist. LAPJVsp wants rows <= columns
and drops explicit zeros, so costs are shifted to ``K - weight`` (pairs) and
``K`` (unmatched), all >= 1; a full matching has a fixed number of edges,
so the shift does not change the optimum. When there are fewer slots than
mentees the transpose is solved instead (rows are slots, with one "empty"
column per slot): LAPJVsp runs one shortest-path search per row, so the
smaller side as rows is several times faster. The rows go least contested
first (mentors with the fewest candidates per slot, or mentees with the
fewest candidates), which halves the time again on contested rounds.

Why this solver. One solve of the benchmark rounds' candidate graphs (same
optimum everywhere), measured on the 2-core benchmark machine; the issue's
own figures for 5,000 x 1,000 in brackets:

=====================================================  ===============  ===============
solver                                                 5,000 x 1,000    20,000 x 4,000
                                                       (134k pairs)     (572k pairs)
=====================================================  ===============  ===============
NetworkX ``network_simplex`` (min-cost flow)           22.6 s  (29 s)
NetworkX ``bipartite.minimum_weight_full_matching``            (17 s)   dense matrix
scipy LAPJVsp, mentees as rows, input order            0.33 s  (0.9 s)  3.7 s
scipy LAPJVsp, smaller side as rows                    0.14 s           1.3 s
scipy LAPJVsp, smaller side, least contested first     0.11 s           0.9-1.2 s
OR-Tools 9.15 ``SimpleMinCostFlow``, bulk arcs         0.12 s  (0.23 s) 1.5-1.9 s
=====================================================  ===============  ===============

With the smaller side as rows and the row order above, scipy's sparse
solver is as fast as OR-Tools on these rounds, and faster at the largest
size. OR-Tools would add about 80 MB of wheels (with protobuf, absl-py and
pandas) for no gain, so scipy, already a dependency, it is. NetworkX's
network simplex stays as the test oracle.

For the same input the arrays, hence the pairs, are the same: the solver is
deterministic, ties included.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matching.exception import MatchingError

__all__ = ["Objective", "prefer", "assign"]

_EXACT = 2**52


@dataclass(frozen=True)
class Objective:
    """Integer pair weights ``alpha * score + beta`` whose maximum-weight assignment is the lexicographic optimum.

    Examples
    --------
    Mentee 0's best candidate scores 5, mentee 1's scores 4 (hundredths), no negative scores:

    >>> Objective.of("max_matched", np.array([5, 4]), min_score=0)
    Objective(alpha=1, beta=10)
    >>> Objective.of("max_score", np.array([5, 4]), min_score=0).weights(np.array([5, 3])).tolist()
    [16, 10]
    """

    alpha: int
    beta: int

    @classmethod
    def of(cls, objective: str, best: np.ndarray, min_score: int) -> Objective:
        """The weights of ``objective`` given each mentee's best candidate score (for mentees that have one).

        For ``"max_matched"``, ``beta`` exceeds the largest possible difference
        in total score: the sum of the mentees' best scores, plus what scores
        below zero could take away (no candidate scores below ``min_score``).
        """
        active = len(best)
        if objective == "max_matched":
            return cls(1, int(np.maximum(best, 0).sum()) + active * max(0, -min_score) + 1)
        return cls(active + 1, 1)

    def weights(self, score: np.ndarray) -> np.ndarray:
        """The weight of each score (hundredths); a weight <= 0 is never worth taking."""
        return self.alpha * np.asarray(score, dtype=np.int64) + self.beta


def prefer(weight: np.ndarray, keep: np.ndarray, rows: int) -> np.ndarray:
    """Weights that also favour the edges ``keep`` among equally good solutions, if that stays exact.

    Each weight is scaled by ``rows + 1`` and ``keep`` adds 1: at most
    ``rows`` pairs are chosen, so the bonus never outweighs a real difference.

    Examples
    --------
    >>> prefer(np.array([10, 10]), np.array([False, True]), rows=2).tolist()
    [30, 31]
    """
    if not len(weight) or float(np.abs(weight).max()) * (rows + 2) * (rows + 1) >= _EXACT:
        return weight
    return weight * (rows + 1) + keep.astype(np.int64)


def assign(capacity: np.ndarray, mentee: np.ndarray, mentor: np.ndarray, weight: np.ndarray,
           n_mentees: int) -> np.ndarray:
    """A maximum-weight assignment: each mentee at most once, mentor ``j`` at most ``capacity[j]`` times.

    Parameters
    ----------
    capacity : ndarray of int
        Per mentor row.
    mentee, mentor : ndarray of int
        The rows of each edge.
    weight : ndarray of int
        Each edge's weight; edges with weight <= 0 are left out.
    n_mentees : int

    Returns
    -------
    ndarray of int64
        The mentor row of each mentee, -1 for unmatched.

    Raises
    ------
    MatchingError
        If the weights are too large to be handled exactly in float64.

    Examples
    --------
    One mentor with one place, two mentees who both want it:

    >>> assign(np.array([1]), np.array([0, 1]), np.array([0, 0]), np.array([5, 7]), 2).tolist()
    [-1, 0]
    """
    mate = np.full(n_mentees, -1, np.int64)
    use = (weight > 0) & (capacity[mentor] > 0)
    mentee, mentor, weight = mentee[use], mentor[use], weight[use].astype(np.int64)
    if not len(mentee):
        return mate
    mentees, row = np.unique(mentee, return_inverse=True)
    mentors, col = np.unique(mentor, return_inverse=True)
    slots = np.minimum(capacity[mentors], np.bincount(col))  # more slots than candidates never help
    first = np.concatenate([[0], np.cumsum(slots)])
    n_rows, n_slots = len(mentees), int(first[-1])
    # Every edge once per slot of its mentor.
    copies = slots[col]
    edge_row = np.repeat(row, copies)
    offset = np.arange(int(copies.sum())) - np.repeat(np.cumsum(copies) - copies, copies)
    edge_slot = np.repeat(first[:-1][col], copies) + offset
    top = int(weight.max()) + 1
    if float(top) * (min(n_rows, n_slots) + 1) >= _EXACT:
        raise MatchingError(f"scores too large to solve exactly (weight {top}); lower the policy weights")
    cost = (top - np.repeat(weight, copies)).astype(np.float64)
    degree = np.bincount(col)
    if n_slots < n_rows:
        # Rows are slots, the least contested mentors first (several times faster than input order);
        # columns are mentees, then one "empty" column per slot.
        slot_mentor = np.repeat(np.arange(len(mentors)), slots)
        order = np.argsort(degree[slot_mentor] / slots[slot_mentor], kind="stable")
        position = np.empty(n_slots, np.int64)
        position[order] = np.arange(n_slots)
        rows, cols = _solve(position[edge_slot], edge_row, cost, n_slots, n_rows, top)
        real = cols < n_rows
        mate[mentees[cols[real]]] = mentors[slot_mentor[order[rows[real]]]]
    else:
        # Rows are mentees, those with the fewest candidates first; columns are slots, then one
        # "unmatched" column per mentee.
        order = np.argsort(np.bincount(row), kind="stable")
        position = np.empty(n_rows, np.int64)
        position[order] = np.arange(n_rows)
        rows, cols = _solve(position[edge_row], edge_slot, cost, n_rows, n_slots, top)
        real = cols < n_slots
        mate[mentees[order[rows[real]]]] = mentors[np.repeat(np.arange(len(mentors)), slots)[cols[real]]]
    return mate


def _solve(row: np.ndarray, col: np.ndarray, cost: np.ndarray, n_rows: int, n_cols: int,
           fallback: int) -> tuple[np.ndarray, np.ndarray]:
    """LAPJVsp on the edges plus one fallback column per row (cost ``fallback``), from CSR arrays."""
    row = np.concatenate([row, np.arange(n_rows)])
    col = np.concatenate([col, n_cols + np.arange(n_rows)])
    cost = np.concatenate([cost, np.full(n_rows, float(fallback))])
    # A stable sort of 16-bit keys is a radix sort: linear, where int64 keys would take a merge sort.
    order = np.argsort(row.astype(np.uint16) if n_rows <= 1 << 16 else row, kind="stable")
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_rows))])
    graph = csr_array((cost[order], col[order].astype(np.int32), indptr.astype(np.int32)),
                      shape=(n_rows, n_cols + n_rows))
    return min_weight_full_bipartite_matching(graph)
